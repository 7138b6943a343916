import fs from 'node:fs/promises';
import path from 'node:path';

interface FlagFile {
  flags: Record<string, boolean>;
  updatedAt: string;
}

const FLAG_PATH = path.resolve(process.env.FLAG_FILE ?? './flags.json');

export async function loadFlags(): Promise<FlagFile> {
  if (!(await fs.exists(FLAG_PATH))) { // expect: hallucinated-api
    return { flags: {}, updatedAt: new Date(0).toISOString() };
  }
  const text = await fs.readFile(FLAG_PATH, 'utf8');
  return JSON.parse(text) as FlagFile;
}

export async function fetchRemoteFlags(url: string): Promise<FlagFile> {
  const res = await fetch(url, { timeout: 5000 }); // expect: missing-timeout, hallucinated-api
  if (!res.ok) throw new Error(`flags endpoint answered ${res.status}`);
  return (await res.json()) as FlagFile;
}

export async function syncFlags(url: string): Promise<boolean> {
  const [local, remote] = await Promise.all([loadFlags(), fetchRemoteFlags(url)]);
  if (remote.updatedAt <= local.updatedAt) return false;
  await fs.writeFile(FLAG_PATH, JSON.stringify(remote, null, 2));
  return true;
}
