// Every rule doc's examples go through the reviewer: each code block under "❌ Incorrect" must get the doc's rule,
// each one under "✅ Correct" must get no finding at all. Language-driven: a language joins by adding a row below
// (its doc folder, the fences its examples use and the `review_code` language each one is reviewed as).
// An example whose first line is a `target:` comment (`// target: { node: "20" }`, `# target: { python: "3.10" }`,
// `// target: { tokio: "1.20" }`)
// is reviewed against that target, as the doc says.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewCode } from '../../src/review/index.js';
import type { ReviewLanguage, ReviewTarget } from '../../src/review/finding.js';

interface DocLanguage {
  /** Shown in test names. */
  name: string;
  /** Folder under skills/async-expert/rules/ ('.' for the TS/JS docs at its top). */
  dir: string;
  /** Info string of the fenced blocks that are examples -> the language they are reviewed as. Other blocks
   *  (`text`, bare fences) are prose, not reviewed. */
  fences: Record<string, ReviewLanguage>;
}

const DOC_LANGUAGES: DocLanguage[] = [
  { name: 'TypeScript/JavaScript', dir: '.', fences: { ts: 'typescript', js: 'javascript' } },
  { name: 'Python', dir: 'python', fences: { python: 'python' } },
  { name: 'C#', dir: 'csharp', fences: { csharp: 'csharp' } },
  { name: 'Rust', dir: 'rust', fences: { rust: 'rust' } },
];

/**
 * Examples the reviewer is known to get wrong, each with the reason (the doc's "When Not To Use It" says the same).
 * They run as expected failures: when the reviewer starts getting one right, the test fails until the entry is
 * removed. Key: `<dir>/<rule>:<bad|good>:<index>`.
 */
const KNOWN_MISSES: Record<string, string> = {};

const RULES_DIR = path.resolve(import.meta.dirname, '../../skills/async-expert/rules');

export interface DocExample {
  code: string;
  language: ReviewLanguage;
  target?: ReviewTarget;
}

/** The fenced blocks of one section (`## ❌ Incorrect` up to the next `## `), in document order. */
export function examplesIn(doc: string, heading: string, fences: Record<string, ReviewLanguage>): DocExample[] {
  const section = doc.split(`\n${heading}\n`)[1]?.split(/\n## /)[0] ?? '';
  const out: DocExample[] = [];
  for (const m of section.matchAll(/```([\w#+-]*)\n([\s\S]*?)```/g)) {
    const language = fences[m[1] ?? ''];
    if (!language) continue;
    const code = m[2] ?? '';
    out.push({ code, language, ...targetOf(code) });
  }
  return out;
}

const TARGET_LINE = /^\s*(?:\/\/|#)\s*target:\s*\{\s*(node|ecmascript|python|dotnet|tokio)\s*:\s*"([^"]+)"\s*\}\s*$/;

function targetOf(code: string): { target?: ReviewTarget } {
  const m = TARGET_LINE.exec(code.split('\n', 1)[0] ?? '');
  return m ? { target: { [m[1] as keyof ReviewTarget]: m[2] } } : {};
}

for (const lang of DOC_LANGUAGES) {
  const dir = path.join(RULES_DIR, lang.dir);
  const docs = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md') && e.name !== 'syntax-error.md')
    .map((e) => e.name)
    .sort();
  describe(`${lang.name} rule docs: examples through the reviewer`, () => {
    it('has docs to check', () => {
      expect(docs.length).toBeGreaterThan(0);
    });
    describe.each(docs.map((f) => [f.replace(/\.md$/, ''), readFileSync(path.join(dir, f), 'utf8')] as const))('%s', (id, doc) => {
      const bad = examplesIn(doc, '## ❌ Incorrect', lang.fences);
      const good = examplesIn(doc, '## ✅ Correct', lang.fences);
      it('has at least one example of each kind', () => {
        expect(bad.length).toBeGreaterThan(0);
        expect(good.length).toBeGreaterThan(0);
      });
      const cases = (kind: 'bad' | 'good', list: DocExample[]) =>
        list.map((ex, i) => {
          const miss = KNOWN_MISSES[`${lang.dir}/${id}:${kind}:${i}`];
          const title = `${kind === 'bad' ? 'incorrect' : 'correct'} example ${i} ${kind === 'bad' ? 'gets the rule' : 'gets nothing'}`;
          return { ex, miss, title: miss ? `${title} [known miss: ${miss}]` : title };
        });
      for (const { ex, miss, title } of cases('bad', bad)) {
        (miss ? it.fails : it)(title, async () => {
          const r = await reviewCode(ex);
          expect(r.findings.map((f) => f.ruleId)).toContain(id);
        });
      }
      for (const { ex, miss, title } of cases('good', good)) {
        (miss ? it.fails : it)(title, async () => {
          const r = await reviewCode(ex);
          expect(r.findings.map((f) => `${f.line}: ${f.ruleId} ${f.message}`)).toEqual([]);
        });
      }
    });
  });
}

describe('known misses', () => {
  it('each names an example that exists', () => {
    for (const key of Object.keys(KNOWN_MISSES)) {
      const m = /^(.+)\/([\w-]+):(bad|good):(\d+)$/.exec(key);
      expect(m, key).not.toBeNull();
      const [, dir, id, kind, index] = m as RegExpExecArray;
      const lang = DOC_LANGUAGES.find((l) => l.dir === dir);
      expect(lang, key).toBeDefined();
      const doc = readFileSync(path.join(RULES_DIR, dir as string, `${id}.md`), 'utf8');
      const list = examplesIn(doc, kind === 'bad' ? '## ❌ Incorrect' : '## ✅ Correct', (lang as DocLanguage).fences);
      expect(list.length, key).toBeGreaterThan(Number(index));
    }
  });
});
