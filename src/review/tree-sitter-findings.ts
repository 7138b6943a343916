/**
 * What the tree-sitter reviewers (Python, C#, Rust) do with what their rules report: turn each report into a finding
 * held to the severity contract, add the parser's syntax errors, drop duplicates, apply suppression comments and
 * sort. One place, so the three languages cannot drift apart in how a finding is built.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { compareFindings, summarize, type Basis, type Finding, type ReviewSummary, type Severity } from './finding.js';
import type { RuleMeta } from './rule-meta.js';
import { contractSeverity } from './severity.js';
import { applySuppressions, parseSuppressions } from './suppressions.js';
import { dedupeFindings, spanOf, syntaxErrorMessage, syntaxErrorNodes } from './tree-sitter.js';

/** What a tree-sitter rule reports; each language names it with its own node type. */
export interface TreeSitterReport {
  node: Node;
  message: string;
  confidence?: Finding['confidence'];
  suggestion?: string;
  /** Overrides the rule's default severity. */
  severity?: Severity;
  /** What this finding relied on; the rule's `meta.basis` (else `syntax`) when absent. */
  basis?: Basis;
}

/** The finding for one report; the severity contract (src/review/severity.ts) may lower its severity. */
export function findingOf(meta: RuleMeta, docsUri: string, r: TreeSitterReport): Finding {
  const basis = r.basis ?? { kind: meta.basis ?? 'syntax' };
  return {
    ruleId: meta.id,
    severity: contractSeverity(r.severity ?? meta.severity, basis, meta),
    message: r.message,
    ...spanOf(r.node),
    confidence: r.confidence ?? 'high',
    ...(r.suggestion ? { suggestion: r.suggestion } : {}),
    docsUri,
    ...(meta.patternId ? { patternId: meta.patternId } : {}),
    basis,
  };
}

/** At most this many syntax-error findings per file: past a few, more say nothing new. */
const MAX_SYNTAX_FINDINGS = 20;

export interface FinishOptions {
  code: string;
  /** The rules the caller asked for; `syntax-error` findings only when it is among them or none were named. */
  rules: readonly string[] | undefined;
  commentPrefix: '//' | '#';
  /** The doc link of the `syntax-error` rule in this language. */
  syntaxDocsUri: string;
}

/** The rules' findings plus syntax errors, deduplicated, suppression comments applied, sorted, summarised. */
export function finishFindings(tree: Tree, raw: readonly Finding[], opts: FinishOptions): { findings: Finding[]; summary: ReviewSummary } {
  const syntax: Finding[] = opts.rules === undefined || opts.rules.includes('syntax-error')
    ? syntaxErrorNodes(tree.rootNode, MAX_SYNTAX_FINDINGS).map((n) => ({
        ruleId: 'syntax-error', severity: 'info' as const, message: syntaxErrorMessage(n), ...spanOf(n), confidence: 'high' as const,
        docsUri: opts.syntaxDocsUri, basis: { kind: 'syntax' as const, detail: 'the tree-sitter parser' },
      }))
    : [];
  const { kept, suppressed } = applySuppressions([...dedupeFindings(raw), ...syntax], parseSuppressions(opts.code, opts.commentPrefix));
  kept.sort(compareFindings);
  return { findings: kept, summary: summarize(kept, suppressed) };
}
