/**
 * The one finding model shared by every reviewer (TypeScript/JavaScript via ts-morph, Python via tree-sitter),
 * the MCP tool and the CLI formats (text, JSON, SARIF).
 */

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium';
export type ReviewLanguage = 'typescript' | 'javascript' | 'python';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const REVIEW_LANGUAGES: readonly ReviewLanguage[] = ['typescript', 'javascript', 'python'];

export interface Finding {
  /** Stable rule id, e.g. `floating-promise`; `syntax-error` for parse errors. */
  ruleId: string;
  severity: Severity;
  /** What is wrong and the fix, in one or two sentences. */
  message: string;
  /** 1-based positions; end is exclusive of nothing (it points at the last character's column + 1). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  confidence: Confidence;
  /** A short code fix, where one is clear. */
  suggestion?: string;
  /** `skill://async-expert/rules/<id>.md` (Python-specific docs: `skill://async-expert/rules/python/<id>.md`). */
  docsUri: string;
  /** The template that shows the right way, where one exists (a pattern id from templates/README.md). */
  patternId?: string;
}

/** Target versions a review checks `too-new-api` against. */
export interface ReviewTarget {
  node?: string;
  ecmascript?: string;
  python?: string;
}

export interface ReviewInput {
  code: string;
  language: ReviewLanguage;
  filename?: string;
  target?: ReviewTarget;
  /** Only these rule ids; all when absent. */
  rules?: string[];
  /** Aborts a long review (MCP cancellation, time budget). */
  signal?: AbortSignal;
}

export interface ReviewSummary {
  byRule: Record<string, number>;
  bySeverity: Record<Severity, number>;
  /** Findings silenced by `async-expert-disable-next-line` / `-disable-line` comments. */
  suppressed: number;
}

export interface ReviewResult {
  findings: Finding[];
  summary: ReviewSummary;
  reviewedWith: { engine: string; typescript?: string; target: ReviewTarget };
}

/** Orders findings by position, then rule id, so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

/** Counts findings by rule and severity. */
export function summarize(findings: readonly Finding[], suppressed: number): ReviewSummary {
  const byRule: Record<string, number> = {};
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    bySeverity[f.severity] += 1;
  }
  return { byRule, bySeverity, suppressed };
}

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
