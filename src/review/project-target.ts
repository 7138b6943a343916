/**
 * The targets a project declares for itself, for a review run inside it: the oldest Node its package.json
 * `engines.node` admits. Small and self-contained so that it can move to src/workspace/ (the workspace module reads
 * project targets from manifests) without change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReviewTarget } from './finding.js';

/** The nearest folder at or above `dir` that holds a package.json. */
export function packageRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** The lowest version one comparator set admits (`>=18.17 <23`, `^20.9.0`, `20.x`, `>21`), or undefined. */
function lowestOf(set: string): [number, number, number] | undefined {
  let best: [number, number, number] | undefined;
  for (const m of set.matchAll(/(>=|>|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/g)) {
    const op = m[1] ?? '';
    const preceding = set.slice(0, m.index).trimEnd();
    if (preceding.endsWith('<') || preceding.endsWith('<=')) continue; // an upper bound
    const v: [number, number, number] = [Number(m[2]), /^\d+$/.test(m[3] ?? '') ? Number(m[3]) : 0, /^\d+$/.test(m[4] ?? '') ? Number(m[4]) : 0];
    if (op === '>') v[m[3] === undefined ? 0 : m[4] === undefined ? 1 : 2] += 1;
    if (!best || compare(v, best) > 0) best = v; // within one set every lower bound must hold: the highest wins
  }
  return best;
}

function compare(a: readonly number[], b: readonly number[]): number {
  return a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
}

/** The oldest Node an `engines.node` range admits, as "22" or "18.17" (undefined for `*` or what cannot be read). */
export function minimumNodeOf(range: string): string | undefined {
  let lowest: [number, number, number] | undefined;
  for (const set of range.split('||')) {
    const v = lowestOf(set.replace(/<=?\s*v?\d+(\.\d+|\.x|\.\*)*/g, (s) => ` <${s.replace(/[<=\s]/g, '')}`));
    if (!v) return undefined; // one alternative admits anything
    if (!lowest || compare(v, lowest) < 0) lowest = v;
  }
  if (!lowest || lowest[0] > 99) return undefined;
  return lowest[2] > 0 ? lowest.join('.') : lowest[1] > 0 ? `${lowest[0]}.${lowest[1]}` : `${lowest[0]}`;
}

/** What a project at `root` declares: `{ node }` from engines.node, or nothing. Never throws on a broken manifest. */
export function projectTarget(root: string): { target: ReviewTarget; source?: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: unknown } };
    const range = pkg.engines?.node;
    const node = typeof range === 'string' ? minimumNodeOf(range) : undefined;
    return node ? { target: { node }, source: `package.json engines.node "${range}"` } : { target: {} };
  } catch {
    return { target: {} };
  }
}
