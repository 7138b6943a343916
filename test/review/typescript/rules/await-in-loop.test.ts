import { ruleTable } from '../helpers.js';

const decls = `
declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function fetchPage(cursor?: string): Promise<{ items: string[]; next?: string }>;
declare function sleep(ms: number): Promise<void>;
declare function checkStatus(id: string): Promise<'done' | 'pending'>;
`;

ruleTable('await-in-loop', {
  valid: [
    {
      name: 'cursor pagination (loop-carried value)',
      code: `${decls}
export async function all() {
  const items: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}`,
    },
    {
      name: 'for loop pagination with a cursor variable',
      code: `${decls}
export async function pages() {
  let cursor: string | undefined = undefined;
  const out: string[] = [];
  for (let i = 0; i < 10; i++) {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.next;
  }
  return out;
}`,
    },
    {
      name: 'retry with backoff',
      code: `${decls}
export async function withRetry<T>(op: () => Promise<T>) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await op();
    } catch (err) {
      await sleep(2 ** attempt * 100);
    }
  }
  throw new Error('failed');
}`,
    },
    {
      name: 'polling until done',
      code: `${decls}
export async function waitDone(id: string) {
  while (true) {
    if ((await checkStatus(id)) === 'done') return;
    await sleep(1000);
  }
}`,
    },
    {
      name: 'deliberate rate limiting',
      code: `${decls}
export async function slowly(ids: string[]) {
  const out = [];
  for (const id of ids) {
    out.push(await fetchUser(id));
    await sleep(200);
  }
  return out;
}`,
    },
    {
      name: 'for await over a stream',
      code: `
import { createReadStream } from 'node:fs';
export async function lines(path: string) {
  let n = 0;
  for await (const chunk of createReadStream(path)) n += chunk.length;
  return n;
}`,
    },
    {
      name: 'ordered migrations',
      code: `
interface Migration { id: string; up(): Promise<void> }
export async function migrate(migrations: Migration[]) {
  for (const migration of migrations) {
    await migration.up();
  }
}`,
    },
    {
      name: 'each step feeds the next (reduce-like)',
      code: `
type Step = (input: string) => Promise<string>;
export async function pipeline(steps: Step[], input: string) {
  let value = input;
  for (const s of steps) {
    value = await s(value);
  }
  return value;
}`,
    },
    {
      name: 'stop at the first match',
      code: `${decls}
export async function firstActive(ids: string[]) {
  for (const id of ids) {
    const user = await fetchUser(id);
    if (user.name) return user;
  }
  return undefined;
}`,
    },
    {
      name: 'batches with Promise.all',
      code: `${decls}
export async function inBatches(batches: string[][]) {
  for (const batch of batches) {
    await Promise.all(batch.map((id) => fetchUser(id)));
  }
}`,
    },
    {
      name: 'worker lanes pulling from a shared cursor',
      code: `${decls}
export async function lanes(ids: string[]) {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < ids.length; i = next++) await fetchUser(ids[i]!);
  };
  await Promise.all([lane(), lane()]);
}`,
    },
    {
      name: 'transaction statements on one connection',
      code: `
declare const client: { query(sql: string, args?: unknown[]): Promise<unknown> };
export async function apply(files: string[]) {
  for (const file of files) {
    await client.query('BEGIN');
    await client.query('INSERT INTO applied VALUES ($1)', [file]);
    await client.query('COMMIT');
  }
}`,
    },
    {
      name: 'waiting for a stream to drain',
      code: `
import { once } from 'node:events';
import type { Writable } from 'node:stream';
export async function dump(out: Writable, rows: string[]) {
  for (const row of rows) {
    if (!out.write(row)) await once(out, 'drain');
  }
}`,
    },
    {
      name: 'each turn reads the previous turn\'s result',
      code: `${decls}
export async function chain(ids: string[]) {
  let prev: { id: string; name: string } | undefined;
  let names = '';
  for (const id of ids) {
    const u = await fetchUser(id);
    if (prev) names += prev.name;
    prev = u;
  }
  return names;
}`,
    },
    {
      name: 'a pool of workers draining a shared queue',
      code: `${decls}
export async function sendAll(ids: string[], concurrency = 4) {
  const queue = [...ids];
  const names: string[] = [];
  async function worker() {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const user = await fetchUser(id);
      names.push(user.name);
    }
  }
  async function lane() {
    while (queue.length > 0) {
      const id = queue.pop()!;
      const user = await fetchUser(id);
      names.push(user.name);
    }
  }
  await Promise.all([...Array.from({ length: concurrency }, () => worker()), lane()]);
  return names;
}`,
    },
    {
      name: 'a class worker taking jobs from its own queue in a counted loop',
      code: `${decls}
export class Pool {
  private jobs: string[] = [];
  async drain(limit: number) {
    for (let i = 0; i < limit; i++) {
      const id = this.jobs.shift();
      if (id === undefined) continue;
      await fetchUser(id);
    }
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a counted while loop is a for loop in disguise',
      code: `${decls}
export async function resolveAll(hosts: string[]) {
  const out = [];
  let i = 0;
  while (i < hosts.length) {
    out.push(await fetchUser(hosts[i]!));
    i++;
  }
  return out;
}`,
      lines: [11],
    },
    {
      name: 'independent fetches in a for-of',
      code: `${decls}
export async function names(ids: string[]) {
  const names: string[] = [];
  for (const id of ids) {
    const user = await fetchUser(id);
    names.push(user.name);
  }
  return names;
}`,
      lines: [10],
    },
    {
      name: 'indexed for loop over urls',
      language: 'javascript',
      code: `
async function download(urls) {
  const bodies = [];
  for (let i = 0; i < urls.length; i++) {
    const res = await fetch(urls[i], { signal: AbortSignal.timeout(5000) });
    bodies.push(await res.text());
  }
  return bodies;
}`,
      lines: [5],
    },
    {
      name: 'accumulating a total is still independent',
      code: `
declare function sizeOf(path: string): Promise<number>;
export async function total(paths: string[]) {
  let sum = 0;
  for (const p of paths) {
    sum += await sizeOf(p);
  }
  return sum;
}`,
      lines: [6],
    },
    {
      name: 'popping from a per-iteration local array does not make a loop a queue drain',
      code: `${decls}
export async function owners(paths: string[]) {
  const names: string[] = [];
  for (const p of paths) {
    const parts = p.split('/');
    const id = parts.pop() ?? '';
    const user = await fetchUser(id);
    names.push(user.name);
  }
  return names;
}`,
      lines: [12],
    },
  ],
});
