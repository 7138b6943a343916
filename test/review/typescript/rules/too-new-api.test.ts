import { ruleTable } from '../helpers.js';

ruleTable('too-new-api', {
  valid: [
    { name: 'feature detection of a too-new API', target: { node: '20' }, code: `export function deferred<T>() {\n  if (typeof Promise.withResolvers === 'function') return Promise.withResolvers<T>();\n  let resolve!: (v: T) => void;\n  const promise = new Promise<T>((r) => { resolve = r; });\n  return { promise, resolve };\n}` },
    {
      name: 'APIs Node 20 has',
      target: { node: '20' },
      code: `
import { setTimeout as sleep } from 'node:timers/promises';
export async function go(signals: AbortSignal[]) {
  await sleep(10);
  const s = AbortSignal.any([...signals, AbortSignal.timeout(1000)]);
  return Promise.allSettled([Promise.resolve(s)]);
}`,
    },
    {
      name: 'Promise.withResolvers on Node 22',
      target: { node: '22' },
      code: `
export function deferred<T>() {
  return Promise.withResolvers<T>();
}`,
    },
  ],
  invalid: [
    // Symbol.asyncDispose is in Node 20.4.0 and 18.18.0 (MDN: partial, fs and stream resources): 18.17 lacks it.
    { name: 'a protocol hook keyed by a too-new symbol is only a warning', target: { node: '18.17.0' }, code: `export class Conn {\n  async [Symbol.asyncDispose]() {}\n}`, lines: [2], severities: ['warning'] },
    {
      name: 'ES2024 and ES2025 built-ins outside the catalog on Node 20 (medium confidence)',
      target: { node: '20' },
      code: `
export function group(xs: { k: string }[], a: Set<string>, b: Set<string>) {
  const g = Object.groupBy(xs, (x) => x.k);
  return [g, a.intersection(b)];
}`,
      lines: [3, 4],
    },
    {
      name: 'Promise.withResolvers on Node 20',
      target: { node: '20' },
      code: `
export function deferred<T>() {
  const { promise, resolve, reject } = Promise.withResolvers<T>();
  return { promise, resolve, reject };
}`,
      lines: [3],
    },
    {
      name: 'Array.fromAsync and Promise.try on Node 20 (JavaScript)',
      language: 'javascript',
      target: { node: '20' },
      code: `
async function collect(source) {
  const items = await Array.fromAsync(source);
  return Promise.try(() => items.length);
}`,
      lines: [3, 4],
    },
  ],
});
