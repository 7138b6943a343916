/** Files on disk: directory walking and globs. Which files count is the caller's (the reviewer knows extensions). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Folders never walked: dependencies, build output, version control, virtualenvs. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', 'dist', '.git', '.venv', 'venv', '__pycache__']);

/** All files under a directory that `accept` takes, in name order, skipping SKIP_DIRS; symlinks are not followed. */
export function walkDir(dir: string, accept: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walkDir(full, accept, out);
    } else if (entry.isFile() && accept(entry.name)) out.push(full);
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

/** The directory a glob walks from: its longest literal prefix, resolved against `cwd`. */
export function globBase(pattern: string, cwd: string): string {
  const literal: string[] = [];
  for (const p of pattern.split(sep).join('/').split('/')) {
    if (isGlob(p)) break;
    literal.push(p);
  }
  return resolve(cwd, literal.join('/') || '.');
}

/** Expands a glob relative to cwd: walks from its longest literal directory prefix. */
export function expandGlob(pattern: string, cwd: string, accept: (name: string) => boolean): string[] {
  const base = globBase(pattern, cwd);
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const re = globToRegExp(resolve(cwd, pattern.split(sep).join('/')).split(sep).join('/'));
  return walkDir(base, accept).filter((f) => re.test(f.split(sep).join('/')));
}

export function relativePath(cwd: string, file: string): string {
  return relative(cwd, file).split(sep).join('/');
}
