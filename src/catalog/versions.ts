import type { TargetKey } from './types.js';

/** ECMAScript editions in order; `ESNext` is everything TypeScript ships beyond the latest edition. */
export const ECMASCRIPT_EDITIONS = [
  'ES5', 'ES2015', 'ES2016', 'ES2017', 'ES2018', 'ES2019', 'ES2020', 'ES2021', 'ES2022', 'ES2023', 'ES2024', 'ES2025',
  'ESNext',
] as const;

/** Numeric parts of a dotted version: 'v20.3.0' -> [20, 3, 0], 'net8.0' -> [8, 0]. Undefined when not a version. */
export function parseNumericVersion(text: string): number[] | undefined {
  const m = /^\s*(?:v|net|netcoreapp|python)?\s*(\d+(?:\.\d+)*)\s*$/i.exec(text);
  return m?.[1] ? m[1].split('.').map(Number) : undefined;
}

export function compareNumeric(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** 'es2022' -> 'ES2022', 'ES6' -> 'ES2015', 'esnext' -> 'ESNext'; undefined when not an edition. */
export function normaliseEdition(text: string): string | undefined {
  const t = text.trim().toUpperCase();
  if (t === 'ES6') return 'ES2015';
  if (t === 'ESNEXT' || t === 'LATEST') return 'ESNext';
  return ECMASCRIPT_EDITIONS.find((e) => e.toUpperCase() === t);
}

/** Validates a target version, throwing a TypeError that says what is allowed. */
export function checkTargetVersion(key: TargetKey, value: string): void {
  if (key === 'ecmascript') {
    if (!normaliseEdition(value)) {
      throw new TypeError(`Unknown target.ecmascript "${value}". Allowed: ${ECMASCRIPT_EDITIONS.join(', ')}.`);
    }
    return;
  }
  if (!parseNumericVersion(value)) {
    throw new TypeError(`target.${key} must be a version such as "${EXAMPLE[key]}", received "${value}".`);
  }
}

const EXAMPLE: Record<TargetKey, string> = {
  python: '3.11', node: '22', ecmascript: 'ES2022', dotnet: '10', tokio: '1.24', futures: '0.3', 'tokio-util': '0.7',
};

/** Release line of a Node version: the major (all of 0.x counts as one line, as the catalog builds it). */
function nodeLine(v: readonly number[]): string {
  return String(v[0] ?? 0);
}

export interface Availability {
  available: boolean;
  /** Set when the answer needs a caveat, e.g. a major-only Node target whose line gained the API in a minor. */
  caveat?: string;
}

/**
 * Node "since" lists name the first release on each line that has the API (backports: ['20.3.0', '18.17.0']).
 * The API is in `target` when its line is listed and the target is at or past that release, or when the target's
 * line is newer than every listed line. A bare major ('20') means "a current 20.x": available, with a caveat
 * naming the minor it needs.
 */
export function nodeAvailability(since: readonly string[], target: string): Availability {
  const t = parseNumericVersion(target);
  if (!t) return { available: true };
  const majorOnly = !/\d+\.\d+/.test(target);
  const versions = since.map(parseNumericVersion).filter((v): v is number[] => v !== undefined);
  if (versions.length === 0) return { available: true };
  const line = nodeLine(t);
  const sameLine = versions.find((v) => nodeLine(v) === line);
  if (sameLine) {
    if (majorOnly) {
      const first = sameLine.slice(1).every((n) => n === 0);
      return first
        ? { available: true }
        : { available: true, caveat: `Needs ${sameLine.join('.')} or later on the ${line}.x line.` };
    }
    return { available: compareNumeric(t, sameLine) >= 0 };
  }
  // A line's first release (`10.0.0` in stream.pipeline's ['15.0.0', '10.0.0']) predates every later line, so every
  // later line has the API: only a backport (20.16.0) says nothing about the lines between it and the newer one.
  if (versions.some((v) => v.slice(1).every((n) => n === 0) && compareNumeric([t[0] ?? 0], [v[0] ?? 0]) >= 0)) return { available: true };
  const newest = versions.reduce((a, b) => (compareNumeric(a, b) >= 0 ? a : b));
  return { available: compareNumeric(t, newest) > 0 };
}

/** Is a fact with `since` (one version, or a Node list) available at `target` on axis `key`? */
export function availableAt(key: string, since: string | readonly string[], target: string): Availability {
  if (key === 'node') return nodeAvailability(typeof since === 'string' ? [since] : since, target);
  const first = typeof since === 'string' ? since : since[since.length - 1] ?? '';
  if (key === 'ecmascript') {
    const a = ECMASCRIPT_EDITIONS.indexOf(normaliseEdition(first) as (typeof ECMASCRIPT_EDITIONS)[number]);
    const b = ECMASCRIPT_EDITIONS.indexOf(normaliseEdition(target) as (typeof ECMASCRIPT_EDITIONS)[number]);
    return { available: a < 0 || b < 0 || b >= a };
  }
  const s = parseNumericVersion(first);
  const t = parseNumericVersion(target);
  if (!s || !t) return { available: true };
  return { available: compareNumeric(t, s) >= 0 };
}

/** Is the target at or past the version where the API was removed? */
export function removedBy(key: string, removed: string, target: string): boolean {
  if (key === 'ecmascript') {
    const a = ECMASCRIPT_EDITIONS.indexOf(normaliseEdition(removed) as (typeof ECMASCRIPT_EDITIONS)[number]);
    const b = ECMASCRIPT_EDITIONS.indexOf(normaliseEdition(target) as (typeof ECMASCRIPT_EDITIONS)[number]);
    return a >= 0 && b >= a;
  }
  const r = parseNumericVersion(removed);
  const t = parseNumericVersion(target);
  return !!r && !!t && compareNumeric(t, r) >= 0;
}
