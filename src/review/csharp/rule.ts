/** The shape of a C# rule: metadata plus listeners keyed by tree-sitter node type. */
import type { PackageVerdict } from '../installed.js';
import type { RuleMeta } from '../rule-meta.js';
import type { TreeSitterReport } from '../tree-sitter-findings.js';
import type { CsFile } from './symbols.js';
import type { CsNode } from './syntax.js';

/** What a rule reports: the node, the message, and optionally severity, basis, confidence and a suggestion. */
export type CsReport = TreeSitterReport;

export interface CsRuleContext {
  file: CsFile;
  /** .NET major version the code targets, e.g. `8`. */
  target: string;
  /** Reviewing files of a project: package verdicts on member accesses the catalog does not know, by node start. */
  installed?: ReadonlyMap<number, PackageVerdict>;
  report(r: CsReport): void;
}

export type CsListeners = Partial<Record<string, (node: CsNode) => void>>;

export interface CsRule {
  meta: RuleMeta;
  create(ctx: CsRuleContext): CsListeners;
}

export const docsUriOf = (id: string): string => `skill://async-expert/rules/csharp/${id}.md`;
