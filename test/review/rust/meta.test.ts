import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUST_RULE_IDS } from '../../../src/review/rust/index.js';
import { rustRules } from '../../../src/review/rust/rules/index.js';

const root = join(import.meta.dirname, '../../..');
const ruleDir = join(root, 'src/review/rust/rules');
const docDir = join(root, 'skills/async-expert/rules/rust');
const testDir = join(root, 'test/review/rust/rules');
const SECTIONS = ['## Why it matters', '## ❌ Incorrect', '## ✅ Correct', '## Options', '## When Not To Use It'];
/** The rule ids issue 15 asks for, in its order. */
const ISSUE_RULES = ['blocking-call-in-async', 'lock-across-await', 'missing-await', 'block-on-in-async', 'dangling-task', 'await-in-loop', 'unbounded-concurrency', 'missing-timeout', 'swallowed-error', 'race-condition', 'hallucinated-api', 'too-new-api'];

describe('Rust rule registry, files, tests and docs agree', () => {
  const files = readdirSync(ruleDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));

  it('registers every rule file exactly once, and exactly the Rust rules of issue 15', () => {
    expect(rustRules.map((r) => r.meta.id).sort()).toEqual([...files].sort());
    expect([...RUST_RULE_IDS].sort()).toEqual([...ISSUE_RULES].sort());
    expect(new Set(RUST_RULE_IDS).size).toBe(RUST_RULE_IDS.length);
  });

  describe.each(rustRules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has an id matching its file, a severity and a description', () => {
      expect(files).toContain(id);
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(rule.meta.severity);
      expect(rule.meta.description.length).toBeGreaterThan(10);
    });
    it('has a test table', () => {
      expect(existsSync(join(testDir, `${id}.test.ts`))).toBe(true);
    });
    it('has a doc with every required section', () => {
      const doc = readFileSync(join(docDir, `${id}.md`), 'utf8');
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      for (const s of SECTIONS) expect(doc, `${id}.md lacks "${s}"`).toContain(s);
    });
    it('names a pattern id listed in templates/README.md, when it names one', () => {
      if (rule.meta.patternId === undefined) return;
      const readme = readFileSync(join(root, 'templates/README.md'), 'utf8');
      const ids = /## Pattern ids\n([^#]+)/.exec(readme)?.[1]?.split(/[\s,]+/).filter(Boolean) ?? [];
      expect(ids).toContain(rule.meta.patternId);
    });
  });

  it('documents syntax-error too', () => {
    expect(existsSync(join(docDir, 'syntax-error.md'))).toBe(true);
  });
});
