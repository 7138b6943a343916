/**
 * The contract between the kernel and one language folder (typescript/, python/, ...). A language folder exports a
 * `LanguageReviewer`; the kernel dispatches snippets and files to it and never reaches inside.
 */
import type { Finding, ReviewInput, ReviewLanguage, ReviewResult, ReviewTarget } from './finding.js';
import type { RuleMeta } from './rule-meta.js';

/** One reviewed file on disk. */
export interface FileReview {
  path: string;
  findings: Finding[];
  suppressed: number;
}

/** Where reviewed files live: the root they were found in (nothing above it is read, installed packages included). */
export interface FileProject {
  root?: string;
}

export interface LanguageReviewer {
  /** The `review_code` languages this reviewer answers for. */
  readonly languages: readonly ReviewLanguage[];
  /** Every rule, in the order the language reports them. */
  readonly rules: readonly RuleMeta[];
  /** The doc of a rule, linked from each finding: `skill://async-expert/rules/...`. */
  docsUri(ruleId: string): string;
  /**
   * Reviews one snippet. `target` is the kernel-checked target with defaults filled; `input.target` is what the
   * caller sent. Throws RangeError for an unknown rule id, naming the known ones.
   */
  reviewSnippet(input: ReviewInput, target: ReviewTarget): Promise<ReviewResult>;
  /**
   * Reviews files on disk as one unit (a project, where the language has one). `ruleIds` are already checked to
   * be this language's (or undefined for all).
   */
  reviewFiles(paths: readonly string[], target: ReviewTarget, ruleIds: readonly string[] | undefined, project?: FileProject): Promise<FileReview[]>;
  /** Loads what the first review would otherwise pay for; never throws. */
  warmUp?(): Promise<void>;
}
