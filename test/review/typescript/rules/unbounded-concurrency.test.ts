import { ruleTable } from '../helpers.js';

const decls = `
declare function processUser(id: string): Promise<void>;
declare function query(sql: string): Promise<{ id: string }[]>;
`;

ruleTable('unbounded-concurrency', {
  valid: [
    {
      name: 'a literal array of calls',
      code: `${decls}
export async function boot() {
  await Promise.all([processUser('a'), processUser('b'), query('select 1')]);
}`,
    },
    {
      name: 'a constant small list',
      code: `${decls}
const REGIONS = ['eu', 'us', 'ap'];
export async function warm() {
  await Promise.all(REGIONS.map((r) => processUser(r)));
}`,
    },
    {
      name: 'a limiter around each call',
      code: `${decls}
declare function pLimit(n: number): <T>(fn: () => Promise<T>) => Promise<T>;
export async function run(ids: string[]) {
  const limit = pLimit(5);
  await Promise.all(ids.map((id) => limit(() => processUser(id))));
}`,
    },
    {
      name: 'one fixed-size batch of an outer loop',
      code: `${decls}
export async function batched(ids: string[]) {
  for (let i = 0; i < ids.length; i += 10) {
    const batch = ids.slice(i, i + 10);
    await Promise.all(batch.map((id) => processUser(id)));
  }
}`,
    },
    {
      name: 'work handed to a scheduler as a thunk',
      code: `${decls}
declare function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T>;
export async function run(ids: string[]) {
  const run = createLimiter(4);
  await Promise.all(ids.map((id) => run(() => processUser(id))));
}`,
    },
    {
      name: 'a generic helper leaves the bound to its callers',
      code: `
export async function firstOf<T>(attempts: Array<() => Promise<T>>) {
  return Promise.any(attempts.map((a) => a()));
}`,
    },
  ],
  invalid: [
    {
      name: 'a thunk that only retries is not a limiter',
      code: `${decls}
declare function retry<T>(fn: () => Promise<T>): Promise<T>;
export async function all(ids: string[]) {
  await Promise.all(ids.map((id) => retry(() => processUser(id))));
}`,
      lines: [7],
    },
    {
      name: 'every row of a query at once',
      code: `${decls}
export async function reprocess() {
  const rows = await query('select id from users');
  await Promise.all(rows.map((r) => processUser(r.id)));
}`,
      lines: [7],
    },
    {
      name: 'request input mapped through allSettled (JavaScript)',
      language: 'javascript',
      code: `
export async function handler(req, res) {
  const results = await Promise.allSettled(req.body.urls.map((u) => fetch(u, { signal: AbortSignal.timeout(5000) })));
  res.json(results);
}`,
      lines: [3],
    },
    {
      name: 'promises pushed in a loop over data',
      code: `${decls}
export async function viaPush(ids: string[]) {
  const tasks: Promise<void>[] = [];
  for (const id of ids) {
    tasks.push(processUser(id));
  }
  await Promise.all(tasks);
}`,
      lines: [10],
    },
  ],
});
