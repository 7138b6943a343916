/**
 * Version comparison for template minimums and targets: dotted numbers ("3.11", "20.3.0", "1.24") and
 * ECMAScript editions ("ES2022", "ESNext").
 */
function parts(version: string): number[] {
  const v = version.trim();
  if (/^esnext$/i.test(v)) return [Number.MAX_SAFE_INTEGER];
  const es = /^es(\d+)$/i.exec(v);
  if (es) {
    const n = Number(es[1]);
    // ES5/ES6 style numbers map onto years: ES6 is ES2015.
    return [n < 2000 ? (n >= 6 ? 2009 + n : 2009) : n];
  }
  return v.replace(/^v/i, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** Negative when a < b, zero when equal, positive when a > b. Missing components count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a version string is one we can compare. */
export function isVersion(value: string): boolean {
  return /^(v?\d+(\.\d+)*|es\d+|esnext)$/i.test(value.trim());
}
