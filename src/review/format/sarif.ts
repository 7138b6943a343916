/** SARIF 2.1.0, the format GitHub code scanning ingests. */
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../finding.js';
import type { RuleMeta } from '../rule-meta.js';
import type { ReviewReport } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function ruleDescriptor(meta: Pick<RuleMeta, 'id' | 'description' | 'severity'>, helpUri: string) {
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.description },
    helpUri,
    help: { text: `${meta.description} See ${helpUri}.` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
  };
}

const SYNTAX_ERROR = { id: 'syntax-error', description: 'The parser could not read part of the file; findings near it may be missing.', severity: 'info' as const };

/**
 * One run with every rule that could report, and one result per finding. Paths are relative to `%SRCROOT%`, the
 * working directory, so the log can be uploaded from any checkout.
 */
export type SarifRule = Pick<RuleMeta, 'id' | 'description' | 'severity'> & { helpUri?: string };

export function formatSarif(report: ReviewReport, rules: ReadonlyArray<SarifRule>, cwd: string, toolVersion?: string): string {
  const all: SarifRule[] = [];
  for (const r of rules) if (!all.some((x) => x.id === r.id)) all.push(r); // one descriptor per id
  const findings = report.results.flatMap((r) => r.findings);
  if (findings.some((f) => f.ruleId === 'syntax-error')) all.push(SYNTAX_ERROR);
  const helpUriOf = (r: SarifRule): string => r.helpUri ?? findings.find((f) => f.ruleId === r.id)?.docsUri ?? `skill://async-expert/rules/${r.id}.md`;
  const index = new Map(all.map((r, i) => [r.id, i]));
  const result = (file: string, f: Finding) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.suggestion ? `${f.message} Suggested fix: ${f.suggestion}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    properties: {
      confidence: f.confidence,
      ...(f.patternId ? { patternId: f.patternId } : {}),
      // What the finding relied on (the severity contract): SARIF has no field of its own for it.
      basis: f.basis.kind,
      ...(f.basis.detail ? { basisDetail: f.basis.detail } : {}),
    },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'async-expert-mcp',
            ...(toolVersion ? { semanticVersion: toolVersion } : {}),
            rules: all.map((r) => ruleDescriptor(r, helpUriOf(r))),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
        results: report.results.flatMap((r) => r.findings.map((f) => result(r.file, f))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
