import { ruleTable } from '../helpers.js';

const decls = `
interface User { id: string; name: string; active: boolean }
declare function getUser(id: string): Promise<User>;
declare function count(): Promise<number>;
`;

ruleTable('missing-await', {
  valid: [
    {
      name: 'awaited values in conditions, templates and arithmetic',
      code: `${decls}
export async function show(id: string) {
  const user = await getUser(id);
  if (user.active) console.log(\`\${user.name}\`);
  const total = (await count()) + 1;
  return total;
}`,
    },
    {
      name: 'promise identity checks and optional promises',
      code: `${decls}
let pending: Promise<User> | undefined;
export function load(id: string) {
  if (pending) return pending;
  pending = getUser(id);
  if (pending === undefined) throw new Error('unreachable');
  return pending.then((u) => u.name);
}`,
    },
    {
      name: 'return await inside try',
      code: `${decls}
export async function safe(id: string) {
  try {
    return await getUser(id);
  } catch {
    return undefined;
  }
}`,
    },
    {
      name: 'return of a promise outside try',
      code: `${decls}
export async function plain(id: string) {
  return getUser(id);
}`,
    },
  ],
  invalid: [
    {
      name: 'a promise as an if condition and in a template',
      code: `${decls}
declare function isAllowed(id: string): Promise<boolean>;
export async function guard(id: string) {
  if (isAllowed(id)) {
    console.log(\`user \${getUser(id)}\`);
  }
}`,
      lines: [8, 9],
    },
    {
      name: 'destructuring and property access on a promise in JavaScript',
      language: 'javascript',
      code: `
async function getConfig() {
  return { port: 8080, host: 'localhost' };
}
async function start() {
  const { port } = getConfig();
  const host = getConfig().host;
  return { port, host };
}`,
      lines: [6, 7],
    },
    {
      name: 'arithmetic and spread',
      code: `${decls}
declare function listIds(): Promise<string[]>;
export async function stats() {
  const next = count() + 1;
  const all = [...listIds()];
  return { next, all };
}`,
      lines: [8, 9],
    },
    {
      name: 'return without await inside try/catch skips the catch',
      code: `${decls}
export async function fetchUser(id: string) {
  try {
    return getUser(id);
  } catch (err) {
    console.error('lookup failed', err);
    return undefined;
  }
}`,
      lines: [8],
    },
  ],
});
