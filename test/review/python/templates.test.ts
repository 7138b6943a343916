import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewPython } from '../../../src/review/python/index.js';

const dir = join(import.meta.dirname, '../../../templates/python');

function pyFiles(d: string): string[] {
  return readdirSync(d).sort().flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? pyFiles(p) : f.endsWith('.py') ? [p] : [];
  });
}

const files = pyFiles(dir);

describe('the Python reviewer on our own Python templates', () => {
  it('finds template files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files.map((f) => relative(dir, f)))('%s has no findings at its minimum Python version', async (file) => {
    const code = readFileSync(join(dir, file), 'utf8');
    // The header's `# minimum: python 3.x` is the version the template promises to run on.
    const minimum = /^# minimum: python (3\.\d+)/m.exec(code)?.[1] ?? '3.11';
    const result = await reviewPython({ code, language: 'python', target: { python: minimum } });
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
