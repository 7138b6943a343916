/** The shape of a C# rule: metadata plus listeners keyed by tree-sitter node type. */
import type { Basis, Finding, Severity } from '../finding.js';
import type { RuleMeta } from '../rule-meta.js';
import type { CsFile } from './symbols.js';
import type { CsNode } from './syntax.js';

export interface CsReport {
  node: CsNode;
  message: string;
  confidence?: Finding['confidence'];
  suggestion?: string;
  /** Overrides the rule's default severity. */
  severity?: Severity;
  /** What this finding relied on; the rule's `meta.basis` (else `syntax`) when absent. */
  basis?: Basis;
}

export interface CsRuleContext {
  file: CsFile;
  /** .NET major version the code targets, e.g. `8`. */
  target: string;
  report(r: CsReport): void;
}

export type CsListeners = Partial<Record<string, (node: CsNode) => void>>;

export interface CsRule {
  meta: RuleMeta;
  create(ctx: CsRuleContext): CsListeners;
}

export const docsUriOf = (id: string): string => `skill://async-expert/rules/csharp/${id}.md`;
