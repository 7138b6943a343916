import type { Finding } from '../finding.js';
import { describeBasis } from '../severity.js';
import type { ReviewReport } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function line(f: Finding): string {
  const where = `${f.line}:${f.column}`.padEnd(8);
  const confidence = f.confidence === 'medium' ? ' (medium confidence)' : '';
  const out = [`  ${where}${f.severity.padEnd(8)}${f.message}  [${f.ruleId}]${confidence}`];
  out.push(`  ${' '.repeat(16)}basis: ${describeBasis(f.basis)}`);
  if (f.suggestion) {
    const [first, ...rest] = f.suggestion.split('\n');
    out.push(`  ${' '.repeat(16)}fix: ${first}`);
    for (const r of rest) out.push(`  ${' '.repeat(21)}${r}`);
  }
  return out.join('\n');
}

/** A readable report grouped by file, ending with one summary line. */
export function formatText(report: ReviewReport): string {
  const parts: string[] = [];
  for (const r of report.results) {
    if (r.findings.length === 0) continue;
    parts.push(`${r.file}\n${r.findings.map(line).join('\n')}\n`);
  }
  const s = report.summary;
  const total = s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info;
  const withFindings = report.results.filter((r) => r.findings.length > 0).length;
  const suppressed = s.suppressed > 0 ? `; ${s.suppressed} suppressed` : '';
  parts.push(
    `${plural(total, 'finding')} (${plural(s.bySeverity.error, 'error')}, ${plural(s.bySeverity.warning, 'warning')}, ${s.bySeverity.info} info) in ${withFindings} of ${plural(s.files, 'file')}${suppressed}.\n`,
  );
  return parts.join('\n');
}
