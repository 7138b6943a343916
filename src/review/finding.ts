/**
 * The one finding model shared by every reviewer (TypeScript/JavaScript via ts-morph, Python and C# via tree-sitter),
 * the MCP tool and the CLI formats (text, JSON, SARIF).
 */

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium';
export type ReviewLanguage = 'typescript' | 'javascript' | 'python' | 'csharp' | 'rust';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * What a finding relied on, from surest to weakest:
 * - `declared-type`: a type the code's declarations spell out (a `.d.ts`, a lib file, an annotation, a JSDoc type,
 *   an `async` modifier, a stub); `detail` names the type and where it is declared.
 * - `catalog`: a fact of this package's verified-API catalog; `detail` names the fact and the version it holds for.
 * - `project`: the reviewed project's own configuration (tsconfig, package.json `engines`, installed types).
 * - `syntax`: the shape of the code alone.
 * - `inferred-type`: a type the checker inferred from values (an object literal, an unannotated parameter or
 *   return): sound for what the code does, not for what it leaves out, so never proof that something is missing.
 * - `name`: a naming convention (a method called like a coroutine); a guess.
 */
export type BasisKind = 'declared-type' | 'catalog' | 'project' | 'syntax' | 'inferred-type' | 'name';
export const BASIS_KINDS: readonly BasisKind[] = ['declared-type', 'catalog', 'project', 'syntax', 'inferred-type', 'name'];

export interface Basis {
  kind: BasisKind;
  /** The fact itself, e.g. "`Promise<Response>`, the declared return type of `fetch` (lib.dom.d.ts)". */
  detail?: string;
}
export const REVIEW_LANGUAGES: readonly ReviewLanguage[] = ['typescript', 'javascript', 'python', 'csharp', 'rust'];


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
  /** `skill://async-expert/rules/<id>.md` (other languages' docs: `skill://async-expert/rules/<language>/<id>.md`). */
  docsUri: string;
  /** The template that shows the right way, where one exists (a pattern id from templates/README.md). */
  patternId?: string;
  /** What the finding relied on; the severity contract (src/review/severity.ts) bounds the severity by it. */
  basis: Basis;
}

/** Target versions a review checks `too-new-api` against. */
export interface ReviewTarget {
  node?: string;
  ecmascript?: string;
  python?: string;
  /** .NET major version, e.g. `8`. */
  dotnet?: string;
  /** tokio minor version Rust code builds against, e.g. `1.24`. */
  tokio?: string;
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
