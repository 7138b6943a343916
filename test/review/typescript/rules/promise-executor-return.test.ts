import { ruleTable } from '../helpers.js';

ruleTable('promise-executor-return', {
  valid: [
    {
      name: 'the sleep idiom',
      code: `
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const sleep2 = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));`,
    },
    {
      name: 'early return after settling',
      code: `
export function check(n: number) {
  return new Promise<number>((resolve, reject) => {
    if (n < 0) return reject(new RangeError('negative'));
    resolve(n);
  });
}`,
    },
    {
      name: 'wiring resolve to an event',
      code: `
import { EventEmitter } from 'node:events';
export function once(e: EventEmitter) {
  return new Promise((resolve) => e.once('ready', resolve));
}`,
    },
    {
      name: 'queueing resolve for later',
      code: `
const waiting: Array<() => void> = [];
export function slot() {
  return new Promise<void>((resolve) => waiting.push(resolve));
}`,
    },
    {
      name: 'untyped early returns after resolve/reject were handed on (JavaScript)',
      language: 'javascript',
      code: `
const fs = require('node:fs');
const tar = require('not-installed-tar');
function unpack(src, dest) {
  return new Promise((resolve, reject) => {
    const out = tar.extract(dest);
    out.on('finish', resolve);
    out.on('error', reject);
    if (src.endsWith('.tgz')) {
      return tar.gunzip(src).pipe(out);
    }
    tar.open(src).pipe(out);
  });
}
function readCached(cache, key) {
  return new Promise((resolve, reject) => {
    if (cache.has(key)) {
      return resolve(cache.get(key));
    }
    fs.readFile(key, 'utf8', (err, text) => (err ? reject(err) : resolve(text)));
  });
}
module.exports = { unpack, readCached };`,
    },
    {
      name: 'untyped return that passes resolve on, and a bare return',
      language: 'javascript',
      code: `
const legacy = require('not-installed-legacy');
function query(sql) {
  return new Promise((resolve, reject) => {
    if (!sql) {
      reject(new TypeError('sql is required'));
      return;
    }
    if (sql.startsWith('SELECT')) {
      return legacy.query(sql, (err, rows) => (err ? reject(err) : resolve(rows)));
    }
    legacy.exec(sql, (err) => (err ? reject(err) : resolve([])));
  });
}
module.exports = { query };`,
    },
  ],
  invalid: [
    {
      name: 'returning an emitter from a block body',
      code: `
import type { Socket } from 'node:net';
export function greeting(socket: Socket) {
  return new Promise<string>((resolve) => {
    return socket.once('data', (chunk) => resolve(chunk.toString()));
  });
}`,
      lines: [5],
    },
    {
      name: 'a cast value as the expression body',
      code: `
interface Manifest { name: string }
export function parseLater(text: string) {
  return new Promise<Manifest>((resolve) => JSON.parse(text) as Manifest);
}`,
      lines: [4],
    },
    {
      name: 'returning the value instead of resolving it',
      code: `
export function parse(text: string) {
  return new Promise((resolve, reject) => {
    const value = JSON.parse(text);
    return value;
  });
}`,
      lines: [5],
    },
    {
      name: 'returning a promise from the executor',
      code: `
declare function load(): Promise<string>;
export function wrapped() {
  return new Promise<string>((resolve) => load());
}`,
      lines: [4],
    },
    {
      name: 'an untyped value returned from an if block before anything can settle (JavaScript)',
      language: 'javascript',
      code: `
const fs = require('node:fs');
const manifests = new Map();
function readManifest(file) {
  return new Promise((resolve, reject) => {
    if (manifests.has(file)) {
      return manifests.get(file);
    }
    fs.readFile(file, 'utf8', (err, text) => {
      if (err) return reject(err);
      const parsed = JSON.parse(text);
      manifests.set(file, parsed);
      resolve(parsed);
    });
  });
}
module.exports = { readManifest };`,
      lines: [7],
    },
    {
      name: 'an untyped call result returned inside a nested block of a function executor',
      language: 'javascript',
      code: `
const store = require('not-installed-store');
function lookup(id, options) {
  return new Promise(function (resolve, reject) {
    if (options.cached) {
      try {
        return store.peek(id);
      } catch (err) {
        console.warn('peek failed', err);
      }
    }
    store.fetch(id, (err, value) => (err ? reject(err) : resolve(value)));
  });
}
module.exports = { lookup };`,
      lines: [7],
    },
  ],
});
