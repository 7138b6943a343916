/** Runs TypeScript/JavaScript rules over one source file in a single walk. */
import { ts } from 'ts-morph';
import type { Basis, Finding, ReviewTarget } from '../finding.js';
import { contractSeverity } from '../severity.js';
import type { Rule, RuleContext, RuleReport } from './rule.js';

export const DOCS_BASE = 'skill://async-expert/rules/';

function fill(template: string, data: Record<string, string> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => data?.[key] ?? `{{${key}}}`);
}

function position(sf: ts.SourceFile, start: number, end: number): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export interface RunOptions {
  program: ts.Program;
  sourceFile: ts.SourceFile;
  rules: readonly Rule[];
  target: ReviewTarget;
  signal?: AbortSignal;
}

/** Walks the file once, dispatching each node to the rules that subscribed to its kind. */
export function runRules({ program, sourceFile, rules, target, signal }: RunOptions): Finding[] {
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const isJavaScript = /\.(c|m)?jsx?$/.test(sourceFile.fileName);
  const listeners = new Map<ts.SyntaxKind, Array<(node: ts.Node) => void>>();

  for (const rule of rules) {
    const { meta } = rule;
    const context: RuleContext = {
      sourceFile,
      checker,
      program,
      target,
      isJavaScript,
      report(r: RuleReport) {
        const template = meta.messages[r.messageId];
        if (template === undefined) throw new Error(`Rule ${meta.id} reported unknown message id "${r.messageId}"`);
        const pos = position(sourceFile, r.node.getStart(sourceFile), r.node.getEnd());
        const key = `${meta.id}:${pos.line}:${pos.column}:${r.messageId}`;
        if (seen.has(key)) return; // one finding per rule and place, even if two listeners reach it
        seen.add(key);
        const basis: Basis = r.basis ?? { kind: meta.basis };
        const finding: Finding = {
          ruleId: meta.id,
          severity: contractSeverity(r.severity ?? meta.severity, basis, meta),
          message: fill(template, r.data),
          ...pos,
          confidence: r.confidence ?? 'high',
          docsUri: `${DOCS_BASE}${meta.id}.md`,
          basis,
        };
        if (r.suggestion !== undefined) finding.suggestion = r.suggestion;
        if (meta.patternId !== undefined) finding.patternId = meta.patternId;
        findings.push(finding);
      },
    };
    const handlers = rule.create(context);
    for (const [kind, handler] of Object.entries(handlers)) {
      if (!handler) continue;
      const k = Number(kind) as ts.SyntaxKind;
      const list = listeners.get(k) ?? [];
      list.push(handler);
      listeners.set(k, list);
    }
  }

  let visited = 0;
  const visit = (node: ts.Node): void => {
    // Cancellation is checked every few thousand nodes: cheap, and a huge file still stops promptly.
    if (signal && ++visited % 2048 === 0) signal.throwIfAborted();
    const list = listeners.get(node.kind);
    if (list) for (const handler of list) handler(node);
    ts.forEachChild(node, visit);
  };
  signal?.throwIfAborted();
  visit(sourceFile);
  return findings;
}

/** At most this many syntax errors are listed: binary garbage would otherwise yield thousands. */
export const MAX_SYNTAX_FINDINGS = 20;

/** Parse errors as `info` findings: the rules still ran on the recovered tree. */
export function syntaxFindings(program: ts.Program, sourceFile: ts.SourceFile): Finding[] {
  const diagnostics = program.getSyntacticDiagnostics(sourceFile);
  const listed = diagnostics.slice(0, MAX_SYNTAX_FINDINGS);
  const unlisted = diagnostics.length - listed.length;
  return listed.map((d, i) => {
    const start = d.start ?? 0;
    return {
      ruleId: 'syntax-error',
      severity: 'info' as const,
      message:
        `Syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} Findings near it may be incomplete.` +
        (unlisted > 0 && i === listed.length - 1 ? ` (${unlisted} more syntax errors not listed.)` : ''),
      ...position(sourceFile, start, start + (d.length ?? 0)),
      confidence: 'high' as const,
      docsUri: `${DOCS_BASE}syntax-error.md`,
      basis: { kind: 'syntax' as const, detail: 'the TypeScript parser' },
    };
  });
}
