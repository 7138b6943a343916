// The C# corpus is well-formed: at least 40 files, a third clean, labels naming known rules on real lines, parsable.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewCsharp, CSHARP_RULE_IDS } from '../../../src/review/csharp/index.js';
// @ts-expect-error bench script in plain JS (bench/ is not part of the TypeScript project)
import { loadCorpus } from '../../../bench/corpus-csharp.mjs';

interface Entry { file: string; code: string; labels: Array<{ rule: string; line: number }> }
const corpus = loadCorpus(path.resolve(import.meta.dirname, '../../corpus/csharp')) as Entry[];

describe('C# corpus labels', () => {
  it('has at least 40 files, a third of them clean', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(corpus.filter((e) => e.labels.length === 0).length * 3).toBeGreaterThanOrEqual(corpus.length);
  });
  it.each(corpus.map((e) => [e.file, e] as const))('%s', async (_f, e) => {
    const lines = e.code.split('\n').length;
    for (const l of e.labels) {
      expect(CSHARP_RULE_IDS, l.rule).toContain(l.rule);
      expect(l.line).toBeLessThanOrEqual(lines);
    }
    const r = await reviewCsharp({ code: e.code, language: 'csharp', rules: ['syntax-error'] });
    expect(r.findings).toEqual([]);
  });
});
