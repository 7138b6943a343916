import { writeFile } from 'node:fs/promises';

interface Row {
  id: number;
  region: string;
  total: number;
}

async function queryRows(region: string): Promise<Row[]> {
  const res = await fetch(`https://reports.internal/rows?region=${encodeURIComponent(region)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as Row[];
}

function toCsv(rows: Row[]): string {
  return ['id,region,total', ...rows.map((r) => `${r.id},${r.region},${r.total}`)].join('\n');
}

export function exportRegion(region: string, path: string): void {
  queryRows(region).then((rows) => writeFile(path, toCsv(rows))); // expect: then-without-catch
}

export function exportAll(path: string): Promise<void> {
  // Returned to the caller, who awaits it: not a dangling chain.
  return queryRows('all').then((rows) => writeFile(path, toCsv(rows)));
}

export function exportWithLogging(region: string, path: string): void {
  queryRows(region) // expect: then-without-catch
    .then((rows) => toCsv(rows))
    .then((csv) => writeFile(path, csv))
    .finally(() => console.log(`export of ${region} finished`));
}
