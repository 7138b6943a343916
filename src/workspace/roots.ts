/**
 * The folders the server may read (its roots) and path confinement. Roots come from `--root`, from the MCP client
 * (roots/list, asked in src/server/), or, over stdio with neither, from the working directory the server started
 * in. Every path is resolved with realpath, symlinks included, and refused unless it lies inside a root.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where the roots came from: `--root`, the client's roots/list, or the stdio fallback to the working directory. */
export type RootsSource = 'cli' | 'client' | 'cwd';

export interface Roots {
  /** Real paths (symlinks resolved) of existing directories, in the order given. */
  dirs: readonly string[];
  source: RootsSource;
  /** Said to the caller with every answer that used these roots (e.g. that the working directory stood in). */
  note?: string;
}

/** A path refused or a root that cannot serve: the message names the path and the roots. */
export class RootsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootsError';
  }
}

/** Roots from directory paths: each must exist and be a directory; returned as real paths. */
export function makeRoots(dirs: readonly string[], source: RootsSource, note?: string): Roots {
  const real: string[] = [];
  for (const dir of dirs) {
    let path: string;
    try {
      path = realpathSync(dir);
    } catch {
      throw new RootsError(`Root "${dir}" does not exist`);
    }
    if (!statSync(path).isDirectory()) throw new RootsError(`Root "${dir}" is not a directory`);
    if (!real.includes(path)) real.push(path);
  }
  return note === undefined ? { dirs: real, source } : { dirs: real, source, note };
}

/** True when `path` (a real path) is a root or lies below one. */
export function isInsideRoots(path: string, roots: Roots): boolean {
  return roots.dirs.some((root) => {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  });
}

function describeRoots(roots: Roots): string {
  return roots.dirs.length === 0 ? 'no roots' : roots.dirs.map((d) => `"${d}"`).join(', ');
}

/** The refusal for a path outside every root; it names the roots so the caller can correct the path. */
export function outsideRootsError(input: string, roots: Roots): RootsError {
  return new RootsError(`Path "${input}" is outside the roots this server may read (${describeRoots(roots)}); name a path inside one of them`);
}

/**
 * Resolves a path given by a caller: absolute, or relative to the first root. `..`, absolute paths and symlinks
 * that lead outside every root are refused. Returns the real path, or undefined when nothing exists there (the
 * caller decides whether that is an error or a glob to expand).
 */
export function resolveInRoots(input: string, roots: Roots): string | undefined {
  if (roots.dirs.length === 0) throw new RootsError('No roots: this server has no folder it may read');
  if (input.includes('\u0000')) throw new RootsError(`Path ${JSON.stringify(input)} contains a NUL byte`);
  const candidates = isAbsolute(input) ? [input] : roots.dirs.map((d) => resolve(d, input));
  let sawOutside = false;
  for (const candidate of candidates) {
    // Refuse on the lexical path first, so `../x` is refused even when nothing exists there.
    if (!isInsideRoots(resolve(candidate), roots) && !isInsideRoots(realOrSelf(resolve(candidate)), roots)) {
      sawOutside = true;
      continue;
    }
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue; // not there (or unreadable): try the next root
    }
    if (!isInsideRoots(real, roots)) {
      sawOutside = true; // a symlink inside a root that leads out of it
      continue;
    }
    return real;
  }
  if (sawOutside) throw outsideRootsError(input, roots);
  return undefined;
}

/** The real path of the longest existing prefix of `path`, with the rest appended (for paths not there yet). */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The root a real path lies in (the deepest, when roots nest). */
export function rootOf(path: string, roots: Roots): string | undefined {
  return roots.dirs
    .filter((root) => isInsideRoots(path, { dirs: [root], source: roots.source }))
    .sort((a, b) => b.length - a.length)[0];
}
