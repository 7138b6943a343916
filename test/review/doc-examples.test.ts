// Every rule doc's examples go through the reviewer: each code block under "❌ Incorrect" must get the doc's rule,
// each one under "✅ Correct" must get no finding at all. Language-driven: a language joins by adding a row below
// (its doc folder, the fence its examples use, and the `review_code` language to review them as).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewCode } from '../../src/review/index.js';
import type { ReviewLanguage } from '../../src/review/finding.js';

interface DocLanguage {
  /** Folder under skills/async-expert/rules/. */
  dir: string;
  /** Info string of the fenced blocks that are examples (`text` blocks are prose, not reviewed). */
  fence: string;
  language: ReviewLanguage;
}

const DOC_LANGUAGES: DocLanguage[] = [{ dir: 'csharp', fence: 'csharp', language: 'csharp' }];

const RULES_DIR = path.resolve(import.meta.dirname, '../../skills/async-expert/rules');

/** The fenced blocks of one section (`## ❌ Incorrect` up to the next `## `). */
export function examplesIn(doc: string, heading: string, fence: string): string[] {
  const section = doc.split(`\n${heading}\n`)[1]?.split(/\n## /)[0] ?? '';
  return [...section.matchAll(new RegExp('```' + fence + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
}

for (const lang of DOC_LANGUAGES) {
  const dir = path.join(RULES_DIR, lang.dir);
  const docs = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'syntax-error.md').sort();
  describe(`${lang.dir} rule docs: examples through the reviewer`, () => {
    it('has docs to check', () => {
      expect(docs.length).toBeGreaterThan(0);
    });
    describe.each(docs.map((f) => [f.replace(/\.md$/, ''), readFileSync(path.join(dir, f), 'utf8')] as const))('%s', (id, doc) => {
      const bad = examplesIn(doc, '## ❌ Incorrect', lang.fence);
      const good = examplesIn(doc, '## ✅ Correct', lang.fence);
      it('has at least one example of each kind', () => {
        expect(bad.length).toBeGreaterThan(0);
        expect(good.length).toBeGreaterThan(0);
      });
      it.each(bad.map((code, i) => [i, code] as const))('incorrect example %i gets the rule', async (_i, code) => {
        const r = await reviewCode({ code, language: lang.language });
        expect(r.findings.map((f) => f.ruleId)).toContain(id);
      });
      it.each(good.map((code, i) => [i, code] as const))('correct example %i gets nothing', async (_i, code) => {
        const r = await reviewCode({ code, language: lang.language });
        expect(r.findings.map((f) => `${f.line}: ${f.ruleId} ${f.message}`)).toEqual([]);
      });
    });
  });
}
