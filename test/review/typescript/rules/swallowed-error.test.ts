import { ruleTable } from '../helpers.js';

const decls = `
declare function load(id: string): Promise<{ id: string }[]>;
`;

ruleTable('swallowed-error', {
  valid: [
    {
      name: 'a .catch(noop) that only marks a promise handled while the promise itself is returned or stored',
      code: `${decls}
let queue: Promise<unknown> = Promise.resolve();
export function next(id: string) {
  const p = queue.then(() => load(id));
  queue = p.catch(() => undefined);
  return p;
}
const inFlight = new Map<string, Promise<unknown>>();
export function shared(id: string) {
  const started = load(id);
  started.catch(() => undefined);
  inFlight.set(id, started);
  return inFlight.get(id);
}`,
    },
    {
      name: 'a best-effort cleanup whose discarded error is explained on the line above',
      code: `${decls}
export async function stop(it: AsyncIterator<unknown>) {
  // a failing return() is secondary to the reason we stopped, which the caller already has
  await Promise.resolve(it.return?.()).catch(() => undefined);
}`,
    },
    {
      name: 'catch that logs and rethrows',
      code: `${decls}
export async function get(id: string) {
  try {
    return await load(id);
  } catch (err) {
    console.error('load failed', err);
    throw err;
  }
}`,
    },
    {
      name: 'an explained empty catch and a fallback that checks the error',
      code: `${decls}
import { rm } from 'node:fs/promises';
export async function cleanup(path: string) {
  try {
    await rm(path);
  } catch {
    // the file may already be gone; nothing to clean up
  }
}
export async function find(id: string) {
  try {
    return await load(id);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
}`,
    },
    {
      name: 'JSON.parse with a fallback',
      code: `
export function parse(text: string) {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a .catch(noop) on a local promise that goes nowhere else',
      code: `${decls}
export function fire(id: string) {
  const p = load(id);
  p.catch(() => undefined); // expect: swallowed-error
}`,
      lines: [6],
    },
    {
      name: 'a constant default for every failure, with a test label on the catch line',
      code: `${decls}
const DEFAULTS = { theme: 'light' };
export async function settings(id: string) {
  try {
    return { ...DEFAULTS, ...(await load(id))[0] };
  } catch { // expect: swallowed-error
    return DEFAULTS;
  }
}`,
      lines: [8],
    },
    {
      name: 'empty catch block',
      code: `${decls}
export async function get(id: string) {
  try {
    return await load(id);
  } catch (e) {}
}`,
      lines: [7],
    },
    {
      name: 'catch-all default value and empty .catch',
      code: `${decls}
export async function list(id: string) {
  try {
    return await load(id);
  } catch {
    return [];
  }
}
export function warm() {
  load('x').catch(() => {});
}`,
      lines: [7, 12],
    },
    {
      name: 'no-op unhandledRejection handler (JavaScript)',
      language: 'javascript',
      code: `
process.on('unhandledRejection', () => {});`,
      lines: [2],
    },
  ],
});
