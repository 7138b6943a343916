/** The shape of a Rust rule: metadata plus listeners keyed by tree-sitter node type. */
import type { PackageVerdict } from '../installed.js';
import type { RuleMeta } from '../rule-meta.js';
import type { TreeSitterReport } from '../tree-sitter-findings.js';
import type { RsFile } from './symbols.js';
import type { RsNode } from './syntax.js';

/** What a rule reports: the node, the message, and optionally severity, basis, confidence and a suggestion. */
export type RsReport = TreeSitterReport;

export interface RsRuleContext {
  file: RsFile;
  /** tokio minor version the code builds against (`1.24`); undefined when the caller named none. */
  tokio: string | undefined;
  /** Reviewing files of a project: the locked crates' verdicts on the third-party paths the file names. */
  installed?: ReadonlyMap<string, PackageVerdict>;
  report(r: RsReport): void;
}

export type RsListeners = Partial<Record<string, (node: RsNode) => void>>;

export interface RsRule {
  meta: RuleMeta;
  create(ctx: RsRuleContext): RsListeners;
}

export const docsUriOf = (id: string): string => `skill://async-expert/rules/rust/${id}.md`;
