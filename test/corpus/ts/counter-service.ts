import { readFile, writeFile } from 'node:fs/promises';

let visits = 0;

async function persist(count: number): Promise<void> {
  await writeFile('/var/lib/app/visits.json', JSON.stringify({ count }));
}

async function remoteIncrement(page: string): Promise<number> {
  const res = await fetch(`https://counter.internal/pages/${page}`, {
    method: 'POST',
    signal: AbortSignal.timeout(2_000),
  });
  return Number(await res.text());
}

export async function recordVisit(page: string): Promise<number> {
  visits = visits + (await remoteIncrement(page)); // expect: race-condition
  await persist(visits);
  return visits;
}

export async function loadVisits(): Promise<void> {
  const text = await readFile('/var/lib/app/visits.json', 'utf8');
  visits = (JSON.parse(text) as { count: number }).count;
}
