#!/usr/bin/env node
// Checks every link found in a Markdown file.
import { readFile } from 'node:fs/promises';

async function check(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(8_000) });
    return { url, status: res.status };
  } catch (err) {
    return { url, status: 0, error: err.message };
  }
}

async function main(file) {
  const text = await readFile(file, 'utf8');
  const urls = [...new Set(text.match(/https?:\/\/[^\s)>\]]+/g) ?? [])];
  const results = await Promise.all(urls.map(check)); // expect: unbounded-concurrency
  const broken = results.filter((r) => r.status === 0 || r.status >= 400);
  for (const b of broken) console.log(`${b.status}\t${b.url}${b.error ? `\t${b.error}` : ''}`);
  process.exitCode = broken.length ? 1 : 0;
}

main(process.argv[2] ?? 'README.md').catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
