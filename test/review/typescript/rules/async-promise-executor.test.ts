import { ruleTable } from '../helpers.js';

ruleTable('async-promise-executor', {
  valid: [
    {
      name: 'a synchronous executor wrapping a callback API',
      code: `
import { readFile } from 'node:fs';
export function read(path: string) {
  return new Promise<string>((resolve, reject) => {
    readFile(path, 'utf8', (err, data) => (err ? reject(err) : resolve(data)));
  });
}`,
    },
    {
      name: 'an async function without a wrapper',
      code: `
declare function load(id: string): Promise<string>;
export async function get(id: string) {
  const value = await load(id);
  return value.trim();
}`,
    },
  ],
  invalid: [
    {
      name: 'async arrow executor',
      code: `
declare function load(id: string): Promise<string>;
export function get(id: string) {
  return new Promise(async (resolve, reject) => {
    const value = await load(id);
    resolve(value.trim());
  });
}`,
      lines: [4],
    },
    {
      name: 'async function executor in JavaScript',
      language: 'javascript',
      code: `
function wait(db) {
  return new Promise(async function (resolve) {
    await db.connect();
    resolve(db);
  });
}`,
      lines: [3],
    },
  ],
});
