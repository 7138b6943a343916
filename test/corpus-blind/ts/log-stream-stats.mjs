// target: node 20
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

async function* parsedLines(file) {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line);
    } catch (err) {
      console.warn(`skipping malformed line in ${file}: ${err.message}`);
    }
  }
}

export async function summarize(file) {
  const entries = await Array.fromAsync(parsedLines(file)); // expect: too-new-api
  const byLevel = Object.groupBy(entries, (e) => e.level ?? 'info'); // expect: too-new-api
  return Object.fromEntries(Object.entries(byLevel).map(([level, list]) => [level, list.length]));
}

export async function slowest(file, n = 10) {
  const top = [];
  for await (const entry of parsedLines(file)) {
    if (typeof entry.durationMs !== 'number') continue;
    top.push(entry);
    top.sort((a, b) => b.durationMs - a.durationMs);
    if (top.length > n) top.pop();
  }
  return top;
}
