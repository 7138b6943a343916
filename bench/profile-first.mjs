#!/usr/bin/env node
// Where the first TypeScript review of a fresh process spends its time (what the server's review worker does between
// `initialized` and the first review_code answer), phase by phase, with TypeScript's own extendedDiagnostics timers
// (ts.performance: internal, read here only, never by the product). Used for bench/PROFILE.md.
//   node bench/profile-first.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const code = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');

const phases = [];
let last = performance.now();
const mark = (name, timers) => {
  const now = performance.now();
  phases.push([name, now - last, timers]);
  last = now;
};
const { ts } = await import('ts-morph');
mark('import ts-morph (TypeScript compiler)');
const { reviewCode } = await import(dist('review/index.js'));
const { getSnippetProject } = await import(dist('review/typescript/project.js'));
mark('import the reviewer (catalogs, rules)');
getSnippetProject();
mark('snippet Project: lib and @types/node files into memory');

const timed = async (name, input) => {
  ts.performance.enable();
  await reviewCode(input);
  const timers = [];
  ts.performance.forEachMeasure((m, ms) => timers.push(`${m} ${ms.toFixed(0)}`));
  ts.performance.disable();
  mark(name, timers.join(', '));
};
await timed('first review (the worker\'s warm-up snippet)', {
  code: 'export async function warm(): Promise<void> {\n  await fetch("https://example.com", { signal: AbortSignal.timeout(1) });\n}\n',
  language: 'typescript',
});
await timed('second review: bench/fixtures/service.ts', { code, language: 'typescript', filename: 'service.ts' });
await timed('third review: service.ts again, one line changed', { code: `${code}\nexport const x = 1;\n`, language: 'typescript', filename: 'service.ts' });

console.log(`first reviews in a fresh process (Node ${process.version})`);
for (const [name, ms, timers] of phases) console.log(`  ${name.padEnd(56)} ${ms.toFixed(0).padStart(6)} ms${timers ? `  (TypeScript timers: ${timers})` : ''}`);
