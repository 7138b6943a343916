/** Suppression comments (`async-expert-disable-next-line rule -- reason`), the same in every language. */
import type { Finding } from './finding.js';

/** A suppression comment: `<comment> async-expert-disable-next-line rule-a, rule-b -- reason`. */
export interface Suppression {
  /** The line the suppression applies to (1-based). */
  appliesToLine: number;
  /** Rule ids; empty means every rule. */
  rules: string[];
}

const SUPPRESSION = /async-expert-disable-(next-line|line)\b([^\n]*)/;

/**
 * Finds suppression comments line by line. `commentPrefix` is `//` or `#`; the directive must follow it.
 * The reason after `--` is free text and is not required (but recommended).
 */
export function parseSuppressions(code: string, commentPrefix: '//' | '#'): Suppression[] {
  const out: Suppression[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const at = text.indexOf(commentPrefix);
    if (at < 0) continue;
    const m = SUPPRESSION.exec(text.slice(at + commentPrefix.length));
    if (!m) continue;
    const rest = (m[2] ?? '').split('--')[0] ?? '';
    const rules = rest.split(/[\s,]+/).filter((r) => r.length > 0);
    out.push({ appliesToLine: m[1] === 'next-line' ? i + 2 : i + 1, rules });
  }
  return out;
}

/** Splits findings into kept and suppressed. */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
): { kept: Finding[]; suppressed: number } {
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const hit = suppressions.some(
      (s) => s.appliesToLine === f.line && (s.rules.length === 0 || s.rules.includes(f.ruleId)),
    );
    if (hit) suppressed += 1;
    else kept.push(f);
  }
  return { kept, suppressed };
}
