import { readFile } from 'node:fs/promises';

interface MirrorList {
  mirrors: string[];
}

async function tryMirror(base: string, file: string, signal: AbortSignal): Promise<ArrayBuffer> {
  const res = await fetch(`${base}/${file}`, { signal });
  if (!res.ok) throw new Error(`${base} answered ${res.status}`);
  return res.arrayBuffer();
}

const MAX_RACERS = 3;

/** Downloads from whichever of the first three configured mirrors answers first. */
export async function fastestDownload(file: string): Promise<ArrayBuffer> {
  const { mirrors } = JSON.parse(await readFile('/etc/app/mirrors.json', 'utf8')) as MirrorList;
  const signal = AbortSignal.timeout(60_000);
  return Promise.any(mirrors.slice(0, MAX_RACERS).map((m) => tryMirror(m, file, signal)));
}

const PRIMARY = 'https://dl.example.com';
const SECONDARY = 'https://dl-backup.example.com';

export async function downloadWithFallback(file: string): Promise<ArrayBuffer> {
  const signal = AbortSignal.timeout(60_000);
  return Promise.any([tryMirror(PRIMARY, file, signal), tryMirror(SECONDARY, file, signal)]);
}
