import { describe, expect, it } from 'vitest';
import { reviewCode } from '../../../src/review/index.js';
import { BASIS_KINDS, type Finding, type ReviewTarget, type Severity } from '../../../src/review/finding.js';
import { basisSupportsError } from '../../../src/review/severity.js';
import { rules } from '../../../src/review/typescript/rules/index.js';

export interface Case {
  name: string;
  code: string;
  language?: 'typescript' | 'javascript';
  target?: ReviewTarget;
  filename?: string;
}
export interface InvalidCase extends Case {
  /** Expected 1-based lines of this rule's findings, in order. */
  lines: number[];
  /** Expected severities of those findings, in the same order, where the case is about severity. */
  severities?: Severity[];
}

/** The severity contract on one finding: a known basis, and an error only on a basis that can carry one. */
export function expectContract(f: Finding): void {
  expect(BASIS_KINDS).toContain(f.basis.kind);
  if (f.severity !== 'error') return;
  const meta = rules.find((r) => r.meta.id === f.ruleId)?.meta ?? {};
  expect(basisSupportsError(f.basis, meta), `${f.ruleId} error at line ${f.line} rests on ${JSON.stringify(f.basis)}`).toBe(true);
}

/** Findings of one rule for a snippet. */
export async function findingsOf(ruleId: string, c: Case): Promise<Finding[]> {
  const result = await reviewCode({ code: c.code, language: c.language ?? 'typescript', filename: c.filename, target: c.target });
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** A valid/invalid table for one rule, in the style of typescript-eslint's RuleTester. */
export function ruleTable(ruleId: string, tables: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    describe('valid', () => {
      it.each(tables.valid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await findingsOf(ruleId, c);
        expect(found.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    });
    describe('invalid', () => {
      it.each(tables.invalid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await findingsOf(ruleId, c);
        expect(found.map((f) => f.line)).toEqual(c.lines);
        if (c.severities) expect(found.map((f) => f.severity)).toEqual(c.severities);
        for (const f of found) {
          expectContract(f);
          expect(f.docsUri).toBe(`skill://async-expert/rules/${ruleId}.md`);
          expect(f.message.length).toBeGreaterThan(20);
        }
      });
    });
  });
}
