// hallucinated-api skips the checker's whole-file pass when per-node queries (absence-candidates.ts) show it cannot
// report a missing member, export, module, option or name. This compares every finding with the pass forced on
// (the behaviour before that shortcut) against the shortcut, on the corpora and on cases aimed at each test's edges.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ReviewInput } from '../../../src/review/finding.js';

const gate = vi.hoisted(() => ({ forceWholeFile: false, skipped: 0 }));
vi.mock('../../../src/review/typescript/absence-candidates.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/review/typescript/absence-candidates.js')>();
  return {
    ...real,
    firstAbsenceCandidate: (...args: Parameters<typeof real.firstAbsenceCandidate>) => {
      if (gate.forceWholeFile) return args[1];
      const found = real.firstAbsenceCandidate(...args);
      if (found === undefined) gate.skipped++;
      return found;
    },
  };
});
const { reviewCode } = await import('../../../src/review/index.js');

const root = path.resolve(import.meta.dirname, '../../..');
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
const corpus = ['test/corpus/ts', 'test/corpus-blind/ts', 'examples', 'bench/fixtures']
  .flatMap((d) => walk(path.join(root, d)))
  .filter((f) => /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(f) && !f.endsWith('.d.ts'));

/** Findings of a review, with the whole-file pass forced and with the per-node shortcut. */
async function bothWays(input: ReviewInput): Promise<{ forced: string; shortcut: string }> {
  gate.forceWholeFile = true;
  const forced = JSON.stringify((await reviewCode(input)).findings);
  gate.forceWholeFile = false;
  const shortcut = JSON.stringify((await reviewCode(input)).findings);
  return { forced, shortcut };
}

/** Cases at the edge of each per-node test; `expect` is the hallucinated-api lines the checker reports. */
const EDGES: Array<{ name: string; code: string; lines: number[]; language?: 'javascript' }> = [
  { name: 'member of a library type', code: `import os from 'node:os';\nexport const n = os.cpuCount();\n`, lines: [2] },
  { name: 'index signature answers every name', code: `export const port = process.env.PORT_NUMBER;\n`, lines: [] },
  { name: 'missing named export', code: `import { sleep } from 'node:timers/promises';\nexport { sleep };\n`, lines: [1] },
  { name: 'invented built-in module', code: `import { readFile } from 'node:fsx';\nexport { readFile };\n`, lines: [1] },
  { name: 'unknown option', code: `export const r = fetch('https://x.test', { timeout: 5000 });\n`, lines: [1] },
  {
    name: 'unknown option through overloads',
    code: `import { readFile } from 'node:fs/promises';\nexport const t = readFile('a', { encoding: 'utf8', timeout: 2000 });\n`,
    lines: [2],
  },
  {
    name: 'discriminated union of library options',
    code: `import { generateKeyPair } from 'node:crypto';\ngenerateKeyPair('ec', { namedCurve: 'P-256', modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }, () => {});\n`,
    lines: [],
  },
  {
    name: 'super call with an option',
    code: `import { Transform } from 'node:stream';\nexport class T extends Transform {\n  constructor() {\n    super({ objectMode: true, bogusOption: 1 });\n  }\n}\n`,
    lines: [4],
  },
  { name: 'near-miss of a global', code: `export async function f() {\n  await Promse.resolve(1);\n}\n`, lines: [2] },
  { name: 'unknown helper, no near miss', code: `export async function f() {\n  await loadEverythingFromSomewhere();\n}\n`, lines: [] },
  { name: 'JavaScript member', code: `const fs = require('node:fs');\nexports.x = fs.promises.exists('a');\n`, lines: [2], language: 'javascript' },
];

describe('absence candidates: the per-node shortcut keeps every finding', () => {
  it.each(EDGES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const input: ReviewInput = { code: c.code, language: c.language ?? 'typescript' };
    const { forced, shortcut } = await bothWays(input);
    expect(shortcut).toBe(forced);
    const lines = (JSON.parse(forced) as Array<{ ruleId: string; line: number }>).filter((f) => f.ruleId === 'hallucinated-api').map((f) => f.line);
    expect(lines).toEqual(c.lines);
  });

  it(`gives the same findings as the whole-file pass on the ${corpus.length} corpus files, and skips that pass on most`, async () => {
    expect(corpus.length).toBeGreaterThan(100);
    const differ: string[] = [];
    gate.skipped = 0;
    for (const file of corpus) {
      const language = /\.(ts|tsx|mts|cts)$/.test(file) ? 'typescript' : 'javascript';
      const { forced, shortcut } = await bothWays({ code: readFileSync(file, 'utf8'), language, filename: path.basename(file) });
      if (forced !== shortcut) differ.push(path.relative(root, file));
    }
    expect(differ).toEqual([]);
    expect(gate.skipped).toBeGreaterThan(corpus.length / 2);
  });
});
