/** The shape of a Python rule: metadata plus listeners keyed by tree-sitter node type. */
import type { Basis, Finding, Severity } from '../finding.js';
import type { RuleMeta } from '../rule-meta.js';
import type { PackageVerdict } from '../installed.js';
import type { PyFile, PyNode } from './analysis.js';

export type PyRuleMeta = RuleMeta;

export interface PyReport {
  node: PyNode;
  message: string;
  confidence?: Finding['confidence'];
  suggestion?: string;
  /** Overrides the rule's default severity. */
  severity?: Severity;
  /** What this finding relied on; the rule's `meta.basis` (else `syntax`) when absent. */
  basis?: Basis;
}

export interface PyRuleContext {
  file: PyFile;
  /** Reviewing files of a project: its installed packages' verdicts on the third-party symbols the file uses. */
  installed?: ReadonlyMap<string, PackageVerdict>;
  /** Python version the code targets, e.g. `3.11`. */
  target: string;
  report(r: PyReport): void;
}

export type PyListeners = Partial<Record<string, (node: PyNode) => void>>;

export interface PyRule {
  meta: PyRuleMeta;
  create(ctx: PyRuleContext): PyListeners;
}

export const docsUriOf = (id: string): string => `skill://async-expert/rules/python/${id}.md`;
