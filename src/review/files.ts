/** Files on disk for the reviewer: the workspace walker and globs, accepting what some language reviews. */
import * as workspaceFiles from '../workspace/files.js';
import { entryForFile } from './languages.js';

export { globToRegExp, isGlob, relativePath } from '../workspace/files.js';

/** True for a file some language reviews (by extension; never a `.d.ts`). */
export function isSourceFile(path: string): boolean {
  return entryForFile(path) !== undefined;
}

/** All reviewable files under a directory, skipping node_modules, dist, .git and virtualenvs. */
export function walkDir(dir: string): string[] {
  return workspaceFiles.walkDir(dir, isSourceFile);
}

/** Expands a glob relative to cwd to the reviewable files it matches. */
export function expandGlob(pattern: string, cwd: string): string[] {
  return workspaceFiles.expandGlob(pattern, cwd, isSourceFile);
}
