/**
 * The severity contract (README "Severity contract", src/review/severity.ts): every finding says what it relied on,
 * and an error rests on a declared type, a catalog fact, the project's configuration, or syntax a rule has explained.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIS_KINDS, type Finding } from '../../src/review/finding.js';
import { reviewCode } from '../../src/review/index.js';
import { basisSupportsError, CERTAIN_BASES, contractSeverity } from '../../src/review/severity.js';
import { rules as tsRules } from '../../src/review/typescript/rules/index.js';
import { expectContract } from './typescript/helpers.js';

const root = join(import.meta.dirname, '../..');

describe('contractSeverity', () => {
  const plain = {};
  const explained = { certainFromSyntax: 'the shape alone proves it' };
  it.each([
    ['declared-type', plain, 'error'],
    ['catalog', plain, 'error'],
    ['project', plain, 'error'],
    ['syntax', plain, 'warning'],
    ['syntax', explained, 'error'],
    ['inferred-type', explained, 'warning'],
    ['name', explained, 'warning'],
  ] as const)('an error on %s (%o) becomes %s', (kind, meta, expected) => {
    expect(contractSeverity('error', { kind }, meta)).toBe(expected);
  });
  it('never raises a warning or an info', () => {
    for (const kind of BASIS_KINDS) {
      expect(contractSeverity('warning', { kind }, plain)).toBe('warning');
      expect(contractSeverity('info', { kind }, explained)).toBe('info');
    }
  });
  it('an empty reason is no reason', () => {
    expect(basisSupportsError({ kind: 'syntax' }, { certainFromSyntax: '  ' })).toBe(false);
  });
});

describe('TS/JS rules declare what they rely on', () => {
  it.each(tsRules.map((r) => [r.meta.id, r.meta] as const))('%s', (_id, meta) => {
    expect(BASIS_KINDS).toContain(meta.basis);
    // An error rule whose default basis cannot carry an error must say why its syntax is enough.
    if (meta.severity === 'error' && !CERTAIN_BASES.includes(meta.basis)) expect(meta.certainFromSyntax?.length ?? 0).toBeGreaterThan(20);
  });
});

/** Every file of a corpus folder, with its language. */
function corpusFiles(dir: string): Array<{ path: string; language: 'typescript' | 'javascript' | 'python' }> {
  return readdirSync(join(root, dir))
    .filter((f) => /\.(ts|js|mjs|cjs|py)$/.test(f))
    .map((f) => ({ path: join(root, dir, f), language: f.endsWith('.py') ? ('python' as const) : /\.[cm]?ts$/.test(f) ? ('typescript' as const) : ('javascript' as const) }));
}

describe('on the labelled and regression corpora', () => {
  it('every TS/JS finding has a basis and every error rests on one that can carry it', async () => {
    const findings: Finding[] = [];
    for (const dir of ['test/corpus/ts', 'test/corpus-blind/ts']) {
      for (const f of corpusFiles(dir)) {
        const r = await reviewCode({ code: readFileSync(f.path, 'utf8'), language: f.language, filename: f.path });
        findings.push(...r.findings);
      }
    }
    expect(findings.length).toBeGreaterThan(100);
    for (const f of findings) expectContract(f);
    expect(findings.some((f) => f.severity === 'error')).toBe(true);
  }, 120_000);

  it('every Python finding has a basis', async () => {
    let n = 0;
    for (const f of corpusFiles('test/corpus/python')) {
      const r = await reviewCode({ code: readFileSync(f.path, 'utf8'), language: 'python', filename: f.path });
      for (const x of r.findings) expect(BASIS_KINDS).toContain(x.basis.kind);
      n += r.findings.length;
    }
    expect(n).toBeGreaterThan(50);
  }, 120_000);
});
