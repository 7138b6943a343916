/**
 * Formats the "allowed values" part of an error message, with the closest match when one is near:
 * `Unknown phase "dring". Allowed: before, during, commit. Did you mean "during"?`
 */
export function unknownValueMessage(what: string, value: string, allowed: readonly string[]): string {
  const closest = closestMatch(value, allowed);
  const hint = closest ? ` Did you mean "${closest}"?` : '';
  return `Unknown ${what} "${value}". Allowed: ${allowed.join(', ')}.${hint}`;
}

/** Levenshtein distance, bounded use only (short identifiers). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min((prev[j] ?? 0) + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 0;
}

/** The allowed value nearest to `value`, when it is within a third of the value's length. */
export function closestMatch(value: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = value.toLowerCase();
  for (const candidate of allowed) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(value.length / 3)) ? best : undefined;
}
