/** What every rule declares, in every language: the kernel's part of the rule contract. */
import type { BasisKind, Severity } from './finding.js';

export interface RuleMeta {
  /** Stable id, equal to the rule's file name. */
  id: string;
  description: string;
  /** The severity a finding gets when it is as sure as the rule can be; the severity contract may lower it. */
  severity: Severity;
  /** The template that shows the right way (a pattern id from templates/README.md), where one exists. */
  patternId?: string;
  /** What the rule's findings rely on when a report names nothing more specific (`syntax` when absent). */
  basis?: BasisKind;
  /**
   * Why this rule's findings are near-certain from the code's shape alone. Only a rule that says why may report an
   * `error` whose basis is `syntax`; without it, the severity contract lowers such an error to a warning.
   */
  certainFromSyntax?: string;
}
