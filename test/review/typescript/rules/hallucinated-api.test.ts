import { ruleTable } from '../helpers.js';

ruleTable('hallucinated-api', {
  valid: [
    // Real-code classes (issue 13): feature detection, internals, writes and inferred receivers are no invention.
    { name: 'guarded by if', code: `import net from 'node:net';\nexport function tune(socket: net.Socket) {\n  if ((socket as any).setFastOpen) (socket as any).setFastOpen();\n  const s = socket as net.Socket & { bogusTune?: () => void };\n  if (s.bogusTune) s.bogusTune();\n}` },
    { name: 'optional call, typeof and in checks on a declared module', code: `import * as zlib from 'node:zlib';\nexport function pick() {\n  const a = (zlib as typeof zlib & Record<string, unknown>).createZstdX;\n  if (typeof zlib.createZstdDecompress === 'function') return zlib.createZstdDecompress();\n  if ('createZstdDecompress' in zlib) return zlib.createGunzip();\n  return a;\n}` },
    { name: 'an early exit tests the member first', code: `import * as zlib from 'node:zlib';\nexport function make() {\n  if (!zlib.createZstdDecompress) return zlib.createGunzip();\n  return zlib.createZstdDecompress();\n}` },
    { name: 'inside a try with a catch', code: `import * as util from 'node:util';\nexport function where() {\n  try {\n    return util.getCallSite();\n  } catch {\n    return undefined;\n  }\n}` },
    { name: 'conventionally private members of a declared type', code: `import { Readable } from 'node:stream';\nexport function ended(r: Readable) {\n  return r._readableState.ended;\n}` },
    { name: 'a member written, not read', code: `import * as fs from 'node:fs';\nexport function mark() {\n  fs.patchedByUs = true;\n}` },
    { name: 'JavaScript receiver inferred from an object literal', language: 'javascript', filename: 'x.js', code: `export function make() {\n  const state = { ready: false };\n  return state.flowing;\n}` },
    { name: 'a node-style callback parameter typed only by the call', language: 'javascript', filename: 'x.js', code: `export function onPipe(emitter) {\n  emitter.on('pipe', (source) => source.headers);\n}` },
    {
      name: 'real APIs and unresolvable third-party modules',
      code: `
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { something } from 'some-private-package';
export async function go() {
  await sleep(10);
  const settled = await Promise.allSettled([readFile('a.txt', 'utf8')]);
  return [settled, something, AbortSignal.timeout(100)];
}`,
    },
    {
      name: 'helpers defined elsewhere in a snippet',
      code: `
export async function go() {
  const rows = await db.query('select 1');
  logger.info(rows);
}`,
    },
    {
      name: 'fields attached to errors at run time',
      code: `
export function kind(err: unknown) {
  const e = err as Error;
  if (e.code === 'ENOENT') return 'missing';
  return (err as TypeError).status;
}`,
    },
    {
      name: 'property of a promise is missing-await, not an invented API',
      code: `
declare function getUser(): Promise<{ name: string }>;
export function name() { return getUser().name; }`,
    },
    {
      name: 'member of an un-awaited Promise<T | null> is missing-await, not an invented API',
      code: `
interface Session { userId: string; roles: string[] }
declare function readSession(sid: string): Promise<Session | null>;
declare function listTags(): Promise<string[] | undefined>;
export async function requireRole(sid: string, role: string) {
  const session = readSession(sid);
  const roles = session.roles;
  const count = listTags().length;
  return roles.includes(role) && count > 0;
}`,
    },
  ],
  invalid: [
    {
      name: 'a member invented on a Response (not an open object)',
      code: `
export async function get(url: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  return res.data;
}`,
      lines: [4],
    },
    {
      name: 'an invented option on an overloaded Node function',
      code: `
import { readFile } from 'node:fs/promises';
export function read(path: string) {
  return readFile(path, { encoding: 'utf8', timeout: 2000 });
}`,
      lines: [4],
    },
    {
      name: 'an invented Promise static and fs member',
      code: `
import fs from 'node:fs';
export async function go() {
  const r = await Promise.allResolved([Promise.resolve(1)]);
  const text = await fs.readFileAsync('a.txt');
  return [r, text];
}`,
      lines: [4, 5],
    },
    {
      name: 'an invented named export and built-in module',
      code: `
import { readFileAsync } from 'node:fs/promises';
import { sleep } from 'node:timers/promise';
export { readFileAsync, sleep };`,
      lines: [2, 3],
    },
    {
      name: 'an invented fetch option (JavaScript)',
      language: 'javascript',
      code: `
async function get(url) {
  const res = await fetch(url, { timeout: 5000 });
  return res.json();
}`,
      lines: [3],
    },
    {
      name: 'JavaScript: a read that is not called is a warning (undefined, not a throw); a call stays an error',
      language: 'javascript',
      filename: 'deflate.js',
      code: `
const zlib = require('node:zlib');
export function bits(params) {
  const windowBits = typeof params.bits !== 'number' ? zlib.Z_WINDOW_BITS_DEFAULT : params.bits;
  return zlib.inflateRawSyncc(Buffer.alloc(0), { windowBits });
}`,
      lines: [4, 5],
      severities: ['warning', 'error'],
    },
    {
      name: 'JavaScript: an unknown option is ignored, so a warning; TypeScript rejects it, so an error',
      language: 'javascript',
      filename: 'probe.js',
      code: `
export function probe() {
  const res = new Response(null, { edge: { thing: true } });
  return res.status;
}`,
      lines: [3],
      severities: ['warning'],
    },
    {
      name: 'TypeScript: the same read and option are errors',
      code: `
import * as zlib from 'node:zlib';
export function probe(): unknown {
  const res = new Response(null, { edge: { thing: true } });
  return [res.status, zlib.Z_WINDOW_BITS_DEFAULT];
}`,
      lines: [4, 5],
      severities: ['error', 'error'],
    },
    {
      name: 'a typo of a Promise method on a promise is still an invented API',
      code: `
declare function save(): Promise<void>;
export function run() {
  return save().finaly(() => console.log('saved'));
}`,
      lines: [4],
    },
  ],
});
