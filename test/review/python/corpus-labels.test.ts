import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_RULE_IDS, reviewPython } from '../../../src/review/python/index.js';

const dir = join(import.meta.dirname, '../../corpus/python');
const files = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
const LABEL = /#\s*expect(-next-line)?:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/;

function labelsOf(code: string): string[] {
  return code.split('\n').flatMap((l) => {
    const m = LABEL.exec(l);
    return m ? m[2]!.split(',').map((s) => s.trim()) : [];
  });
}

describe('the labelled Python corpus is well-formed', () => {
  it('has at least 55 files, a third of them clean', () => {
    expect(files.length).toBeGreaterThanOrEqual(55);
    const clean = files.filter((f) => labelsOf(readFileSync(join(dir, f), 'utf8')).length === 0);
    expect(clean.length * 3).toBeGreaterThanOrEqual(files.length);
  });
  it.each(files)('%s parses and uses known rule ids', async (file) => {
    const code = readFileSync(join(dir, file), 'utf8');
    for (const id of labelsOf(code)) expect(PYTHON_RULE_IDS).toContain(id);
    const first = code.split('\n')[0] ?? '';
    if (first.includes('target:')) expect(first).toMatch(/^# target: python 3\.\d+$/);
    const r = await reviewPython({ code, language: 'python', rules: ['syntax-error'] });
    expect(r.findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
  });
});
