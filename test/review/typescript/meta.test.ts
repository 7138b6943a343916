import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/review/typescript/rules/index.js';

const root = join(import.meta.dirname, '../../..');
const ruleDir = join(root, 'src/review/typescript/rules');
const docDir = join(root, 'skills/async-expert/rules');
const testDir = join(root, 'test/review/typescript/rules');
const REQUIRED_SECTIONS = ['## Why it matters', '## ❌ Incorrect', '## ✅ Correct', '## Options', '## When Not To Use It'];

describe('rule registry, files, tests and docs agree', () => {
  const files = readdirSync(ruleDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));

  it('registers every rule file exactly once', () => {
    expect(rules.map((r) => r.meta.id).sort()).toEqual([...files].sort());
    expect(new Set(rules.map((r) => r.meta.id)).size).toBe(rules.length);
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has an id matching its file, kebab-case, with messages and a severity', () => {
      expect(files).toContain(id);
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(rule.meta.severity);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(rule.meta.description.length).toBeGreaterThan(10);
    });
    it('has a test table', () => {
      expect(existsSync(join(testDir, `${id}.test.ts`))).toBe(true);
    });
    it('has a doc with every required section', () => {
      const path = join(docDir, `${id}.md`);
      expect(existsSync(path)).toBe(true);
      const doc = readFileSync(path, 'utf8');
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      for (const section of REQUIRED_SECTIONS) expect(doc, `${id}.md lacks "${section}"`).toContain(section);
    });
    it('names an existing template when it names a pattern', () => {
      if (rule.meta.patternId === undefined) return;
      const readme = readFileSync(join(root, 'templates/README.md'), 'utf8');
      expect(readme).toContain(rule.meta.patternId);
    });
  });
});
