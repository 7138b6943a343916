#!/usr/bin/env node
// Where one warm TypeScript review spends its time, in this process (no server, no worker): the TypeScript
// compiler's own extendedDiagnostics timers (ts.performance: Parse, Bind, Check, Program...), plus the rules one
// at a time. Internal TypeScript API, read here only, never by the product. Used for bench/PROFILE.md.
//   node bench/profile-phases.mjs [--reviews 200]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ts } from 'ts-morph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { reviews: { type: 'string', default: '200' } } });
const N = Number(values.reviews);
const code = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const { reviewCode } = await import(dist('review/index.js'));
const { rules } = await import(dist('review/typescript/rules/index.js'));
const variant = (i) => `${code}\nexport const revision${i % 7} = ${i};\n`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (let i = 0; i < 20; i++) await reviewCode({ code: variant(i), language: 'typescript' });
ts.performance.enable();
const total = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  await reviewCode({ code: variant(i), language: 'typescript' });
  total.push(performance.now() - t0);
}
const measures = [];
ts.performance.forEachMeasure((name, duration) => measures.push([name, duration / N]));
ts.performance.disable();
console.log(`warm review of bench/fixtures/service.ts, ${N} runs: median ${median(total).toFixed(1)} ms`);
console.log('TypeScript timers, mean per review:');
for (const [name, ms] of measures.sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(24)} ${ms.toFixed(2)} ms`);

// Each rule alone (the checker work it triggers first is charged to it, so run order matters: alone is fairest).
console.log('each rule alone, median ms per review (each includes the program and checker set-up):');
const alone = [];
for (const rule of rules) {
  const t = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await reviewCode({ code: variant(i), language: 'typescript', rules: [rule.meta.id] });
    t.push(performance.now() - t0);
  }
  alone.push([rule.meta.id, median(t)]);
}
for (const [id, ms] of alone) console.log(`  ${id.padEnd(24)} ${ms.toFixed(1)} ms`);
