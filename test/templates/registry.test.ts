import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplateHeaderOrThrow } from '../../src/templates/header.js';
import { getPattern, listPatterns } from '../../src/templates/patterns.js';
import { getTemplateRegistry, PATTERN_LANGUAGES, verificationFor } from '../../src/templates/registry.js';
import { compareVersions } from '../../src/templates/versions.js';

const PATTERN_IDS = [
  'parallel-partial-failures', 'timeout', 'cancellation-cleanup', 'retry-backoff', 'bounded-concurrency',
  'structured-concurrency', 'resource-cleanup', 'producer-consumer', 'async-streaming', 'circuit-breaker',
  'offload-blocking', 'graceful-shutdown', 'shared-state', 'first-success-race',
];

describe('template header', () => {
  const sample = [
    '# @pattern',
    '# id: timeout',
    '# title: Timeout',
    '# summary: Bound an await.',
    '# minimum: python 3.11',
    '# apis: asyncio.timeout, asyncio.wait_for',
    '# pitfalls: one; two',
    '# rules: timeout-misuse',
    '# tags: timeout, deadline',
    '# fallback: python 3.8: use asyncio.wait_for',
    '# @end',
    'import asyncio',
  ].join('\n');

  it('parses every key, lists and fallbacks', () => {
    const h = parseTemplateHeaderOrThrow(sample, '#', 'x.py');
    expect(h).toMatchObject({
      id: 'timeout',
      minimum: { python: '3.11' },
      apis: ['asyncio.timeout', 'asyncio.wait_for'],
      pitfalls: ['one', 'two'],
      fallbacks: [{ runtime: 'python', version: '3.8', advice: 'use asyncio.wait_for' }],
      bodyStartLine: 12,
    });
  });

  it('names the missing key and the file', () => {
    expect(() => parseTemplateHeaderOrThrow(sample.replace('# tags: timeout, deadline\n', ''), '#', 'x.py')).toThrow(
      'x.py: header lacks "tags"',
    );
    expect(() => parseTemplateHeaderOrThrow('print(1)', '#', 'y.py')).toThrow(/y\.py: no "# @pattern"/);
  });
});

describe('versions', () => {
  it('orders dotted versions and ECMAScript editions', () => {
    expect(compareVersions('3.10', '3.9')).toBeGreaterThan(0);
    expect(compareVersions('20', '20.3.0')).toBeLessThan(0);
    expect(compareVersions('ES2022', 'ES2024')).toBeLessThan(0);
    expect(compareVersions('ESNext', 'ES2025')).toBeGreaterThan(0);
    expect(compareVersions('ES6', 'ES2015')).toBe(0);
  });
});

describe('the template set', () => {
  const registry = getTemplateRegistry();

  it.each(['python', 'typescript', 'csharp', 'rust'] as const)('has all 14 patterns in %s', (language) => {
    const ids = registry.templates.filter((t) => t.language === language && !t.legacy && !t.library).map((t) => t.header.id);
    expect([...ids].sort()).toEqual([...PATTERN_IDS].sort());
  });

  it('has a current verification record for every file, each executed', () => {
    const problems: string[] = [];
    for (const t of registry.templates) {
      const v = verificationFor(registry, t);
      if (v.status !== 'executed') problems.push(`${t.file}: ${v.status} (${v.how})`);
    }
    expect(problems, 'run `npm run templates:verify` after changing a template').toEqual([]);
  });

  it('lists patterns with their languages, JavaScript derived from TypeScript', () => {
    const all = listPatterns({});
    expect(all.map((p) => p.id).sort()).toEqual([...PATTERN_IDS].sort());
    for (const p of all) expect(p.languages).toEqual([...PATTERN_LANGUAGES]);
    expect(listPatterns({ query: 'retry' }).map((p) => p.id)).toContain('retry-backoff');
    expect(listPatterns({ query: 'no-such-word-anywhere' })).toEqual([]);
  });
});

describe('get_pattern logic', () => {
  it('returns the legacy asyncio.wait_for variant for Python 3.10', () => {
    const main = getPattern({ id: 'timeout', language: 'python' });
    expect(main.variant).toBe('main');
    expect(main.code).toContain('asyncio.timeout');
    const old = getPattern({ id: 'timeout', language: 'python', target: { python: '3.10' } });
    expect(old.variant).toBe('legacy');
    expect(old.code).toContain('wait_for');
    expect(old.targetNotes.join(' ')).toContain('python 3.11');
  });

  it('explains what is needed when no variant fits the target', () => {
    const p = getPattern({ id: 'timeout', language: 'python', target: { python: '3.5' } });
    expect(p.variant).toBe('main');
    expect(p.targetNotes.join(' ')).toMatch(/needs python/);
  });

  it('names the known ids and the closest one for an unknown id', () => {
    expect(() => getPattern({ id: 'retry-backof', language: 'rust' })).toThrow(/Known: .*retry-backoff.*Closest: "retry-backoff"/);
  });

  it('refuses a target key that does not apply to the language', () => {
    expect(() => getPattern({ id: 'timeout', language: 'rust', target: { python: '3.11' } })).toThrow(/target\.tokio/);
    expect(() => getPattern({ id: 'timeout', language: 'python', target: { python: 'latest' } })).toThrow(/not a version/);
  });

  it('derives JavaScript from TypeScript: no type annotations, valid for node --check', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aem-js-'));
    try {
      for (const id of PATTERN_IDS) {
        const js = getPattern({ id, language: 'javascript' });
        expect(js.code).toContain('@pattern');
        expect(js.verification.how).toContain('transpiled');
        const file = path.join(dir, `${id}.mjs`);
        writeFileSync(file, js.code);
        const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
        expect(r.status, `${id}: ${r.stderr}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

