#!/usr/bin/env node
// What a warm TypeScript review would cost if the type checker's work could be kept between reviews (issue 16):
// for each review, the rules run twice over the same program, first with the new checker the review builds, then
// again with that checker already warm. The difference is what the checker spends resolving (mostly lib and
// @types/node) types afresh for every program; TypeScript's API has no way to carry a checker to the next program.
// In this process, no server, no worker. Used for bench/PROFILE.md.
//   node bench/profile-checker.mjs [--reviews 40]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { reviews: { type: 'string', default: '40' } } });
const N = Number(values.reviews);
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const { getSnippetProject, setSnippet, snippetProgram } = await import(dist('review/typescript/project.js'));
const { runRules } = await import(dist('review/typescript/engine.js'));
const { rules } = await import(dist('review/typescript/rules/index.js'));
const { DEFAULT_TARGET } = await import(dist('review/target.js'));
const code = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');
const variant = (i) => `${code}\nexport const revision${i % 7} = ${i};\n`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const project = getSnippetProject();
const phases = { 'parse the snippet': [], 'build the program': [], 'new checker (merge lib globals)': [], 'rules, new checker': [], 'rules again, same checker': [] };
for (let i = 0; i < 20 + N; i++) {
  const t = [performance.now()];
  const sf = setSnippet(project, '/review/input.ts', variant(i));
  t.push(performance.now());
  const program = snippetProgram(project, sf);
  const file = program.getSourceFile('/review/input.ts');
  t.push(performance.now());
  program.getTypeChecker();
  t.push(performance.now());
  const first = runRules({ program, sourceFile: file, rules, target: DEFAULT_TARGET });
  t.push(performance.now());
  const second = runRules({ program, sourceFile: file, rules, target: DEFAULT_TARGET });
  t.push(performance.now());
  if (JSON.stringify(first) !== JSON.stringify(second)) throw new Error('the second pass found something else');
  if (i < 20) continue;
  Object.values(phases).forEach((list, k) => list.push(t[k + 1] - t[k]));
}
console.log(`warm reviews of bench/fixtures/service.ts in this process, ${N} runs (medians), Node ${process.version}`);
for (const [name, list] of Object.entries(phases)) console.log(`  ${name.padEnd(34)} ${median(list).toFixed(1).padStart(7)} ms`);
