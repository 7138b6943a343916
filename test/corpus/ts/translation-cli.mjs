#!/usr/bin/env node
// Translates every string of a locale file through the translation API.
import { readFile, writeFile } from 'node:fs/promises';

const [, , inputPath, targetLang] = process.argv;

async function translate(text, lang) {
  const res = await fetch('https://translate.example.com/v1', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, target: lang }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`translate answered ${res.status}`);
  return (await res.json()).translation;
}

async function main() {
  const source = JSON.parse(await readFile(inputPath, 'utf8'));
  const out = {};
  for (const key in source) {
    out[key] = await translate(source[key], targetLang); // expect: await-in-loop
  }
  await writeFile(inputPath.replace(/\.json$/, `.${targetLang}.json`), JSON.stringify(out, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
