/** The shape of a Rust rule: metadata plus listeners keyed by tree-sitter node type. */
import type { Basis, Finding, Severity } from '../finding.js';
import type { RuleMeta } from '../rule-meta.js';
import type { RsFile } from './symbols.js';
import type { RsNode } from './syntax.js';

export interface RsReport {
  node: RsNode;
  message: string;
  confidence?: Finding['confidence'];
  suggestion?: string;
  /** Overrides the rule's default severity. */
  severity?: Severity;
  /** What this finding relied on; the rule's `meta.basis` (else `syntax`) when absent. */
  basis?: Basis;
}

export interface RsRuleContext {
  file: RsFile;
  /** tokio minor version the code builds against (`1.24`); undefined when the caller named none. */
  tokio: string | undefined;
  report(r: RsReport): void;
}

export type RsListeners = Partial<Record<string, (node: RsNode) => void>>;

export interface RsRule {
  meta: RuleMeta;
  create(ctx: RsRuleContext): RsListeners;
}

export const docsUriOf = (id: string): string => `skill://async-expert/rules/rust/${id}.md`;
