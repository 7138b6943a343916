/** The contract between the review engine and one TypeScript/JavaScript rule. */
import type { ts } from 'ts-morph';
import type { Basis, BasisKind, Confidence, ReviewTarget, Severity } from '../finding.js';
import type { RuleMeta as KernelRuleMeta } from '../rule-meta.js';

export interface RuleMeta extends KernelRuleMeta {
  /** Message templates by message id; `{{name}}` placeholders are filled from `data`. */
  messages: Record<string, string>;
  /** Every TS/JS rule names what its findings rely on by default; a report may name something more specific. */
  basis: BasisKind;
}

export interface RuleReport {
  node: ts.Node;
  messageId: string;
  data?: Record<string, string>;
  confidence?: Confidence;
  suggestion?: string;
  severity?: Severity;
  /** What this finding relied on; the rule's `meta.basis` when absent. */
  basis?: Basis;
}

export interface RuleContext {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  program: ts.Program;
  target: ReviewTarget;
  /** True for .js/.mjs/.cjs/.jsx input, where type information is thinner. */
  isJavaScript: boolean;
  report(report: RuleReport): void;
}

/** Handlers by node kind; the engine calls each for every node of that kind, in one walk. */
export type RuleListeners = { [kind in ts.SyntaxKind]?: (node: ts.Node) => void };

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleListeners;
}
