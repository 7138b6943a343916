import { ruleTable } from '../helpers.js';

ruleTable('blocking-call-in-async', {
  valid: [
    {
      name: 'synchronous reads at module top level',
      code: `
import { readFileSync } from 'node:fs';
const config = JSON.parse(readFileSync('config.json', 'utf8'));
export async function port() { return config.port as number; }`,
    },
    {
      name: 'start-up code in main reads its config once',
      code: `
import fs from 'node:fs';
async function main() {
  const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
  console.log(config);
}
main().catch(console.error);`,
    },
    {
      name: 'async fs in an async function, sync fs in a sync function',
      code: `
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
export function has(path: string) { return existsSync(path); }
export async function read(path: string) { return readFile(path, 'utf8'); }`,
    },
    {
      name: 'a user function whose name ends in Sync',
      code: `
function computeSync(n: number) { return n * 2; }
export async function run() { return computeSync(2); }`,
    },
  ],
  invalid: [
    {
      name: 'readFileSync in a request handler',
      code: `
import fs from 'node:fs';
export async function handle(path: string) {
  const body = fs.readFileSync(path, 'utf8');
  return body.length;
}`,
      lines: [4],
    },
    {
      name: 'execSync and pbkdf2Sync in async code (CommonJS)',
      language: 'javascript',
      code: `
const { execSync } = require('child_process');
const crypto = require('crypto');
async function deploy(password) {
  const hash = crypto.pbkdf2Sync(password, 'salt', 100000, 64, 'sha512');
  execSync('git pull');
  return hash;
}
module.exports = { deploy };`,
      lines: [5, 6],
    },
    {
      name: 'gzipSync inside a then callback',
      code: `
import zlib from 'node:zlib';
declare function load(): Promise<Buffer>;
export function pack() {
  return load().then((buf) => zlib.gzipSync(buf));
}`,
      lines: [5],
    },
    {
      name: 'a busy-wait delay',
      code: `
export async function pause(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}`,
      lines: [4],
    },
  ],
});
