import { ruleTable } from '../helpers.js';

ruleTable('missing-timeout', {
  valid: [
    {
      name: 'fetch with AbortSignal.timeout and with a caller signal',
      code: `
export async function get(url: string, signal: AbortSignal) {
  const a = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const b = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
  const c = await fetch(url, { signal });
  return [a, b, c];
}`,
    },
    {
      name: 'an AbortController aborted by a timer',
      code: `
export async function get(url: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    return await fetch(url, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}`,
    },
    {
      name: 'child process and http request with timeouts',
      code: `
import { execFile } from 'node:child_process';
import https from 'node:https';
export function run() {
  execFile('git', ['status'], { timeout: 10_000 }, () => {});
  const req = https.request('https://example.com', { timeout: 5000 });
  req.end();
}`,
    },
    {
      name: 'fetch inside a timeout helper',
      code: `
declare function withTimeout<T>(p: Promise<T>, ms: number): Promise<T>;
export function get(url: string) {
  return withTimeout(fetch(url), 5000);
}`,
    },
    {
      name: 'an axios instance named http is not the http module',
      code: `
import axios from 'axios';
const http = axios.create({ timeout: 5000 });
export async function get(id: string) {
  return http.get('/users/' + id);
}`,
    },
  ],
  invalid: [
    {
      name: 'a controller never aborted, next to a namesake that is',
      code: `
export async function a(url: string) {
  const controller = new AbortController();
  return fetch(url, { signal: controller.signal });
}
export async function b(url: string) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1000);
  return fetch(url, { signal: controller.signal });
}`,
      lines: [4],
    },
    {
      name: 'plain fetch',
      code: `
export async function getUser(id: string) {
  const res = await fetch(\`https://api.example.com/users/\${id}\`);
  return res.json();
}`,
      lines: [3],
    },
    {
      name: 'fetch with options but no signal, and a controller never aborted',
      code: `
export async function post(url: string, body: unknown) {
  const controller = new AbortController();
  await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return fetch(url, { signal: controller.signal });
}`,
      lines: [4, 5],
    },
    {
      name: 'exec and http.get without deadlines (JavaScript)',
      language: 'javascript',
      code: `
const { exec } = require('child_process');
const http = require('http');
exec('npm test', (err, out) => console.log(out));
http.get('http://localhost:8080/health', (res) => res.resume());`,
      lines: [4, 5],
    },
    {
      name: 'promisified exec and axios',
      code: `
import { promisify } from 'node:util';
import { exec } from 'node:child_process';
import axios from 'axios';
const execAsync = promisify(exec);
export async function go() {
  await execAsync('make build');
  return axios.get('https://example.com');
}`,
      lines: [7, 8],
    },
  ],
});
