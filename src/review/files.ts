/** Files on disk: directory walking and globs, for every language (the dispatcher knows the extensions). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { entryForFile } from './languages.js';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);

/** True for a file some language reviews (by extension; never a `.d.ts`). */
export function isSourceFile(path: string): boolean {
  return entryForFile(path) !== undefined;
}

/** All reviewable files under a directory, skipping node_modules, dist and .git. */
export function walkDir(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walkDir(full, out);
    } else if (entry.isFile() && isSourceFile(entry.name)) out.push(full);
  }
  return out;
}

/** `**` any depth, `*` and `?` within a segment, `{a,b}` alternatives. Node 20 has no fs.glob, hence this. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else re += /[.+^$()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(arg: string): boolean {
  return /[*?{]/.test(arg);
}

/** Expands a glob relative to cwd: walks from its longest literal directory prefix. */
export function expandGlob(pattern: string, cwd: string): string[] {
  const norm = pattern.split(sep).join('/');
  const parts = norm.split('/');
  const literal: string[] = [];
  for (const p of parts) {
    if (isGlob(p)) break;
    literal.push(p);
  }
  const baseRel = literal.join('/');
  const base = resolve(cwd, baseRel || '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const re = globToRegExp(resolve(cwd, norm).split(sep).join('/'));
  return walkDir(base).filter((f) => re.test(f.split(sep).join('/')));
}

export function relativePath(cwd: string, file: string): string {
  return relative(cwd, file).split(sep).join('/');
}
