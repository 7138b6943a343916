/** What every rule declares, in every language: the kernel's part of the rule contract. */
import type { Severity } from './finding.js';

export interface RuleMeta {
  /** Stable id, equal to the rule's file name. */
  id: string;
  description: string;
  severity: Severity;
  /** The template that shows the right way (a pattern id from templates/README.md), where one exists. */
  patternId?: string;
}
