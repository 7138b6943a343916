import { defaultTarget } from '../../../src/catalog/index.js';
import { describe, expect, it } from 'vitest';
import { reviewCode, MAX_CODE_BYTES } from '../../../src/review/index.js';
import { getSnippetProject } from '../../../src/review/typescript/project.js';
import { ruleIds } from '../../../src/review/typescript/rules/index.js';

const floating = `
async function save(): Promise<void> {}
export function run() {
  save();
}`;

describe('reviewCode', () => {
  it('returns findings, a summary and what it reviewed with', async () => {
    const r = await reviewCode({ code: floating, language: 'typescript' });
    expect(r.findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([['floating-promise', 4, 'error']]);
    expect(r.summary).toEqual({ byRule: { 'floating-promise': 1 }, bySeverity: { error: 1, warning: 0, info: 0 }, suppressed: 0 });
    expect(r.reviewedWith.engine).toBe('ts-morph');
    expect(r.reviewedWith.typescript).toMatch(/^\d+\.\d+/);
    expect(r.reviewedWith.target).toEqual({ node: defaultTarget('node') }); // the oldest supported line: 22 on 2026-12-05
    const f = r.findings[0]!;
    expect([f.line, f.column, f.endLine, f.endColumn]).toEqual([4, 3, 4, 9]);
    expect(f.confidence).toBe('high');
  });

  it('honours disable-next-line and disable-line suppressions and counts them', async () => {
    const code = `
async function save(): Promise<void> {}
export function run() {
  // async-expert-disable-next-line floating-promise -- fire-and-forget by design
  save();
  save(); // async-expert-disable-line -- all rules
  save(); // async-expert-disable-line missing-timeout -- other rule: still reported
}`;
    const r = await reviewCode({ code, language: 'typescript' });
    expect(r.findings.map((f) => f.line)).toEqual([7]);
    expect(r.summary.suppressed).toBe(2);
  });

  it('reports syntax errors as info and still runs the rules', async () => {
    const code = `
async function save(): Promise<void> {}
export function run() {
  save();
  const x = ;
}`;
    const r = await reviewCode({ code, language: 'typescript' });
    expect(r.findings.some((f) => f.ruleId === 'syntax-error' && f.severity === 'info' && f.line === 5)).toBe(true);
    expect(r.findings.some((f) => f.ruleId === 'floating-promise' && f.line === 4)).toBe(true);
  });

  it('runs only the requested rules', async () => {
    const r = await reviewCode({ code: floating, language: 'typescript', rules: ['missing-timeout'] });
    expect(r.findings).toEqual([]);
  });

  it('answers bad input with clear errors', async () => {
    await expect(reviewCode({ code: '   \n', language: 'typescript' })).rejects.toThrow(RangeError);
    await expect(reviewCode({ code: 'a\u0000b', language: 'typescript' })).rejects.toThrow(/NUL bytes/);
    await expect(reviewCode({ code: 'x', language: 'ruby' as never })).rejects.toThrow(/Supported: typescript, javascript, python/);
    await expect(reviewCode({ code: 'x'.repeat(MAX_CODE_BYTES + 1), language: 'typescript' })).rejects.toThrow(/512 KB/);
    await expect(reviewCode({ code: 'x', language: 'typescript', rules: ['no-such-rule'] })).rejects.toThrow(new RegExp(`Known: ${ruleIds[0]}`));
    await expect(reviewCode({ code: 42 as never, language: 'typescript' })).rejects.toThrow(TypeError);
    await expect(reviewCode({ code: 'x', language: 'typescript', target: { node: 'twenty' } })).rejects.toThrow(/target.node/);
  });

  it('dispatches python to the Python reviewer', async () => {
    const r = await reviewCode({ code: 'import time\n\nasync def f():\n    time.sleep(1)\n', language: 'python' });
    expect(r.findings.map((f) => f.ruleId)).toContain('blocking-call-in-async');
  });

  it('stops when the signal is already aborted', async () => {
    await expect(reviewCode({ code: floating, language: 'typescript', signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('reuses one Project and keeps one input file in it', async () => {
    const project = getSnippetProject();
    await reviewCode({ code: floating, language: 'typescript' });
    await reviewCode({ code: 'export const a = 1;', language: 'javascript' });
    await reviewCode({ code: floating, language: 'typescript', filename: 'component.tsx' });
    expect(getSnippetProject()).toBe(project);
    const inputs = project.getSourceFiles().filter((f) => f.getFilePath().startsWith('/review/'));
    expect(inputs.map((f) => f.getFilePath())).toEqual(['/review/input.tsx']);
  });

  it('never lets one snippet see another', async () => {
    await reviewCode({ code: 'export async function shared(): Promise<void> {}', language: 'typescript' });
    const r = await reviewCode({ code: 'shared();', language: 'typescript' });
    expect(r.findings.filter((f) => f.ruleId === 'floating-promise')).toEqual([]);
  });
});
