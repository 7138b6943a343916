/**
 * The files one call names (files, directories or globs, relative to a root or absolute inside one), confined to
 * the roots and held to the bounds. Reads nothing but directory listings and sizes: the reviewer reads the text.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { expandGlob, globBase, isGlob, walkDir } from './files.js';
import { DEFAULT_LIMITS, WorkspaceLimitError, type WorkspaceLimits } from './limits.js';
import { isInsideRoots, outsideRootsError, resolveInRoots, RootsError, type Roots } from './roots.js';

export interface CollectedFiles {
  /** Real paths inside the roots, sorted, each within the per-file bound. */
  files: string[];
  /** What was left out and why, one line each (too large, not a reviewable language, no match). */
  skipped: string[];
  totalBytes: number;
}

/**
 * Expands `inputs` inside `roots` to the files `accept` takes. Throws RootsError for a path outside the roots or
 * that does not exist, and WorkspaceLimitError when the files or their total bytes exceed the bounds.
 */
export function collectFiles(
  inputs: readonly string[],
  roots: Roots,
  accept: (path: string) => boolean,
  limits: WorkspaceLimits = DEFAULT_LIMITS,
): CollectedFiles {
  const found = new Set<string>();
  const skipped: string[] = [];
  for (const input of inputs) {
    if (typeof input !== 'string' || input.length === 0) throw new RootsError('paths must be non-empty strings');
    const real = resolveInRoots(input, roots);
    if (real !== undefined) {
      if (statSync(real).isDirectory()) walkDir(real, accept).forEach((f) => found.add(f));
      else if (accept(real)) found.add(real);
      else skipped.push(`${input}: not a reviewable file`);
    } else if (isGlob(input)) {
      let matched = 0;
      for (const root of isAbsolute(input) ? [roots.dirs[0]!] : roots.dirs) {
        const base = globBase(input, root);
        if (!isInsideRoots(resolve(base), roots)) throw outsideRootsError(input, roots);
        for (const f of expandGlob(input, root, accept)) {
          found.add(f);
          matched += 1;
        }
      }
      if (matched === 0) skipped.push(`${input}: no files match`);
    } else {
      throw new RootsError(`Path "${input}" does not exist in the roots (${roots.dirs.map((d) => `"${d}"`).join(', ')})`);
    }
  }
  // Walked files are inside a root by construction; a symlinked file is still checked by its real path.
  const files: string[] = [];
  let totalBytes = 0;
  for (const f of [...found].sort()) {
    const real = realpathSync(f);
    if (!isInsideRoots(real, roots)) {
      skipped.push(`${f}: a symlink that leads outside the roots; refused`);
      continue;
    }
    const bytes = statSync(real).size;
    if (bytes > limits.maxFileBytes) {
      skipped.push(`${f}: ${bytes} bytes, over the per-file limit of ${limits.maxFileBytes} bytes (maxFileBytes); skipped as probably generated`);
      continue;
    }
    files.push(real);
    totalBytes += bytes;
    if (files.length > limits.maxFiles) {
      throw new WorkspaceLimitError(`More than ${limits.maxFiles} files to review (maxFiles); name fewer paths or a narrower glob`);
    }
    if (totalBytes > limits.maxTotalBytes) {
      throw new WorkspaceLimitError(`The files add up to more than ${limits.maxTotalBytes} bytes (maxTotalBytes); name fewer paths`);
    }
  }
  return { files: [...new Set(files)], skipped, totalBytes };
}
