import { readFile } from 'node:fs/promises';

type Entry = { key: string; value: string; expiresAt: number };

const cache = new Map<string, Entry>();

async function loadEntry(key: string): Promise<Entry> {
  const raw = await readFile(`/var/cache/app/${key}.json`, 'utf8');
  return JSON.parse(raw) as Entry;
}

async function warmKey(key: string): Promise<void> {
  const entry = await loadEntry(key);
  cache.set(key, entry);
}

export function startWarmer(keys: string[]): void {
  // Fire-and-forget: nothing observes these promises, and a missing file rejects unhandled.
  keys.map((key) => warmKey(key)); // expect: floating-promise
}

export async function refreshOne(key: string): Promise<void> {
  warmKey(key); // expect: floating-promise
  console.log(`refresh of ${key} requested`);
}

export function get(key: string): string | undefined {
  const entry = cache.get(key);
  if (!entry || entry.expiresAt < Date.now()) return undefined;
  return entry.value;
}
