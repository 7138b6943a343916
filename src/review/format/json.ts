import type { ReviewReport } from './types.js';

/** `{ "results": [{ "file", "findings" }], "summary": {...} }`, pretty-printed. */
export function formatJson(report: ReviewReport): string {
  return `${JSON.stringify({ results: report.results, summary: report.summary }, null, 2)}\n`;
}
