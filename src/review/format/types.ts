/** What every output format receives: findings per file (paths relative to the working directory) and a summary. */
import type { Finding, ReviewSummary } from '../finding.js';

export interface FileResult {
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  findings: Finding[];
}

export interface ReviewReport {
  results: FileResult[];
  summary: ReviewSummary & { files: number };
}
