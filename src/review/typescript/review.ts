/** Reviews TypeScript/JavaScript: snippets in the shared in-memory Project, files in a caller's Project. */
import { ts } from 'ts-morph';
import { runRules, syntaxFindings } from './engine.js';
import { compareFindings, summarize, type Finding, type ReviewInput, type ReviewResult, type ReviewTarget } from '../finding.js';
import { applySuppressions, parseSuppressions } from '../suppressions.js';
import { getSnippetProject, setSnippet, snippetProgram } from './project.js';
import type { Rule } from './rule.js';

/** Picks a file name for a snippet: the caller's extension when it is a TS/JS one, else the language default. */
export function snippetPath(language: 'typescript' | 'javascript', filename: string | undefined): string {
  const ext = /\.(tsx|ts|mts|cts|jsx|js|mjs|cjs)$/.exec(filename ?? '')?.[1];
  if (ext && (language === 'typescript') === /^(ts|tsx|mts|cts)$/.test(ext)) return `/review/input.${ext}`;
  return language === 'typescript' ? '/review/input.ts' : '/review/input.js';
}

/** Runs the selected rules over one file of a program, then applies suppressions. */
export function reviewSourceFile(program: ts.Program, sf: ts.SourceFile, rules: readonly Rule[], target: ReviewTarget, signal?: AbortSignal): { findings: Finding[]; suppressed: number } {
  const raw = [...syntaxFindings(program, sf), ...runRules({ program, sourceFile: sf, rules, target, signal })];
  const { kept, suppressed } = applySuppressions(raw, parseSuppressions(sf.text, '//'));
  return { findings: kept.sort(compareFindings), suppressed };
}

export function reviewTypeScriptSnippet(input: ReviewInput & { language: 'typescript' | 'javascript' }, rules: readonly Rule[], target: ReviewTarget): ReviewResult {
  const project = getSnippetProject();
  const sourceFile = setSnippet(project, snippetPath(input.language, input.filename), input.code);
  const program = snippetProgram(project, sourceFile);
  const sf = program.getSourceFile(sourceFile.getFilePath()) ?? sourceFile.compilerNode;
  const { findings, suppressed } = reviewSourceFile(program, sf, rules, target, input.signal);
  return { findings, summary: summarize(findings, suppressed), reviewedWith: { engine: 'ts-morph', typescript: ts.version, target } };
}
