import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The package root: the folder holding package.json, skills/ and templates/. This module is compiled to
 * dist/paths.js and, under vitest, runs from src/paths.ts: both sit one level below the root.
 */
export const PACKAGE_ROOT: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves a path below the package root. */
export function packagePath(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}
