import { describe, expect, it } from 'vitest';
import { reviewCsharp } from '../../../src/review/csharp/index.js';
import type { Finding, ReviewTarget } from '../../../src/review/finding.js';

export interface CsCase {
  name: string;
  code: string;
  target?: ReviewTarget;
}
export interface CsInvalidCase extends CsCase {
  /** Expected 1-based lines of this rule's findings, in order. */
  lines: number[];
  /** Expected severities, in the same order, where the case is about severity. */
  severities?: Finding['severity'][];
}

/** Removes the common indentation of a template literal so cases read like real files. */
export function cs(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** Findings of one rule for a snippet. */
export async function csFindingsOf(ruleId: string, c: CsCase): Promise<Finding[]> {
  const result = await reviewCsharp({ code: c.code, language: 'csharp', target: c.target });
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** A valid/invalid table for one C# rule. */
export function csRuleTable(ruleId: string, tables: { valid: CsCase[]; invalid: CsInvalidCase[] }): void {
  describe(ruleId, () => {
    describe('valid', () => {
      it.each(tables.valid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await csFindingsOf(ruleId, c);
        expect(found.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    });
    describe('invalid', () => {
      it.each(tables.invalid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await csFindingsOf(ruleId, c);
        expect(found.map((f) => f.line)).toEqual(c.lines);
        if (c.severities) expect(found.map((f) => f.severity)).toEqual(c.severities);
        for (const f of found) {
          expect(f.docsUri).toBe(`skill://async-expert/rules/csharp/${ruleId}.md`);
          expect(f.message.length).toBeGreaterThan(20);
        }
      });
    });
  });
}
