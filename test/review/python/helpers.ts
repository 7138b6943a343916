import { describe, expect, it } from 'vitest';
import { reviewPython } from '../../../src/review/python/index.js';
import { BASIS_KINDS, type Finding, type ReviewTarget, type Severity } from '../../../src/review/finding.js';

export interface PyCase {
  name: string;
  code: string;
  target?: ReviewTarget;
}
export interface PyInvalidCase extends PyCase {
  /** Expected 1-based lines of this rule's findings, in order. */
  lines: number[];
  /** Expected severities of those findings, in the same order (the severity contract decides them). */
  severities?: Severity[];
}

/** Removes the common indentation of a template literal so cases read like real files. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** Findings of one rule for a snippet. */
export async function pyFindingsOf(ruleId: string, c: PyCase): Promise<Finding[]> {
  const result = await reviewPython({ code: c.code, language: 'python', target: c.target });
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** A valid/invalid table for one Python rule. */
export function pyRuleTable(ruleId: string, tables: { valid: PyCase[]; invalid: PyInvalidCase[] }, title = ruleId): void {
  describe(title, () => {
    describe('valid', () => {
      it.each(tables.valid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await pyFindingsOf(ruleId, c);
        expect(found.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    });
    describe('invalid', () => {
      it.each(tables.invalid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await pyFindingsOf(ruleId, c);
        expect(found.map((f) => f.line)).toEqual(c.lines);
        if (c.severities) expect(found.map((f) => f.severity)).toEqual(c.severities);
        for (const f of found) {
          expect(BASIS_KINDS).toContain(f.basis.kind);
          expect(f.docsUri).toBe(`skill://async-expert/rules/python/${ruleId}.md`);
          expect(f.message.length).toBeGreaterThan(20);
        }
      });
    });
  });
}
