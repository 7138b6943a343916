import { describe, expect, it } from 'vitest';
import { reviewRust } from '../../../src/review/rust/index.js';
import type { Finding, ReviewTarget } from '../../../src/review/finding.js';

export interface RsCase {
  name: string;
  code: string;
  target?: ReviewTarget;
}
/** Why the invalid cases cannot be judged with this build's data; they are skipped with that line. */
export type Pending = string | undefined;
export interface RsInvalidCase extends RsCase {
  /** Expected 1-based lines of this rule's findings, in order. */
  lines: number[];
  /** Expected severities, in the same order, where the case is about severity. */
  severities?: Finding['severity'][];
}

/** Removes the common indentation of a template literal so cases read like real files. */
export function rs(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** Findings of one rule for a snippet. */
export async function rsFindingsOf(ruleId: string, c: RsCase): Promise<Finding[]> {
  const result = await reviewRust({ code: c.code, language: 'rust', target: c.target });
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** A valid/invalid table for one Rust rule. */
export function rsRuleTable(ruleId: string, tables: { valid: RsCase[]; invalid: RsInvalidCase[] }, pending?: Pending): void {
  describe(ruleId, () => {
    describe('valid', () => {
      it.each(tables.valid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await rsFindingsOf(ruleId, c);
        expect(found.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    });
    describe('invalid', () => {
      if (pending) console.log(`${ruleId}: invalid cases not judged: ${pending}`);
      it.skipIf(!!pending).each(tables.invalid.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const found = await rsFindingsOf(ruleId, c);
        expect(found.map((f) => f.line)).toEqual(c.lines);
        if (c.severities) expect(found.map((f) => f.severity)).toEqual(c.severities);
        for (const f of found) {
          expect(f.docsUri).toBe(`skill://async-expert/rules/rust/${ruleId}.md`);
          expect(f.message.length).toBeGreaterThan(20);
        }
      });
    });
  });
}
