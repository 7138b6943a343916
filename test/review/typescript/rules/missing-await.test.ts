import { ruleTable } from '../helpers.js';

const decls = `
interface User { id: string; name: string; active: boolean }
declare function getUser(id: string): Promise<User>;
declare function count(): Promise<number>;
`;

ruleTable('missing-await', {
  valid: [
    { name: 'a promise awaited before it is returned', code: `export async function run(done: Promise<void>, stop: () => void) {\n  try {\n    await done;\n    return done;\n  } finally {\n    stop();\n  }\n}` },
    // Issue 13, classes 6 and 7.
    { name: 'a member the promise subtype declares', code: `interface Cancelable<T> extends Promise<T> { cancel(): void; on(e: string, f: () => void): this }\ndeclare function request(): Cancelable<{ body: string }>;\nexport function go() {\n  const p = request();\n  p.on('progress', () => {});\n  p.cancel();\n  return p;\n}` },
    { name: 'a nullable promise field tested for presence', code: `export class Pool {\n  private closing?: Promise<void>;\n  close(): Promise<void> {\n    if (!this.closing) this.closing = Promise.resolve();\n    return this.closing;\n  }\n}` },
    { name: 'a promise from Map.get tested for presence', code: `const loads = new Map<string, Promise<void>>();\nexport function ensure(k: string): Promise<void> {\n  let p = loads.get(k);\n  if (!p) { p = Promise.resolve(); loads.set(k, p); }\n  return p;\n}` },
    { name: 'identity against a value of unknown type', language: 'javascript', filename: 'x.js', code: `export async function settle(pending, key, promise) {\n  try { return await promise; } finally { if (pending.get(key) === promise) pending.delete(key); }\n}` },
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
    {
      name: 'return await of an untyped .then chain inside try',
      code: `
import { createClient } from 'not-installed-redis';
const client = createClient();
export async function touch(key: string, value: string) {
  try {
    return await client.set(key, value).then(() => value);
  } catch (err) {
    console.error('touch failed', err);
    return null;
  }
}`,
    },
    {
      name: 'an untyped .catch(value) that is not a promise chain, and a chain outside try',
      code: `
import { z } from 'not-installed-zod';
import { api } from 'not-installed-client';
export async function schema() {
  try {
    return z.string().catch('anonymous');
  } finally {
    console.log('schema built');
  }
}
export async function names() {
  return api.list().then((r: { names: string[] }) => r.names);
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
    {
      name: 'return of an untyped .then chain inside try skips the catch',
      code: `
import { createClient } from 'not-installed-redis';
const client = createClient();
export async function touch(key: string, ttl: number) {
  try {
    const value = JSON.stringify({ at: Date.now() });
    return client.set(key, value, { EX: ttl }).then(() => value);
  } catch (err) {
    console.error('touch failed', err);
    return null;
  }
}`,
      lines: [7],
    },
    {
      name: 'untyped .catch and .finally chains returned inside try (JavaScript)',
      language: 'javascript',
      code: `
const db = require('not-installed-db');
async function remove(id) {
  try {
    return db.delete(id).catch(onDeleteError);
  } finally {
    db.release();
  }
}
async function audit(id) {
  try {
    return db.log(id).finally(() => console.log('logged', id));
  } catch (err) {
    return false;
  }
}
function onDeleteError(err) { console.error(err); }
module.exports = { remove, audit };`,
      lines: [5, 12],
    },
  ],
});
