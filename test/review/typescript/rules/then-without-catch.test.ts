import { ruleTable } from '../helpers.js';

const decls = `
declare function load(): Promise<string>;
`;

ruleTable('then-without-catch', {
  valid: [
    {
      name: 'chain ending in catch',
      code: `${decls}
load()
  .then((s) => s.trim())
  .catch((err) => console.error(err));`,
    },
    {
      name: 'returned and awaited chains',
      code: `${decls}
export function a() { return load().then((s) => s.length); }
export async function b() { await load().then((s) => s.length); }`,
    },
    {
      name: 'two-argument then',
      code: `${decls}
load().then((s) => console.log(s), (err) => console.error(err));`,
    },
    {
      name: 'catch then finally',
      code: `${decls}
load().then((s) => console.log(s)).catch(console.error).finally(() => console.log('done'));`,
    },
  ],
  invalid: [
    {
      name: 'then only',
      code: `${decls}
export function start() {
  load().then((s) => console.log(s));
}`,
      lines: [5],
    },
    {
      name: 'then after catch still leaks the last link',
      language: 'javascript',
      code: `
fetch('https://example.com/a', { signal: AbortSignal.timeout(3000) })
  .catch(() => null)
  .then((res) => res.json())
  .then((data) => console.log(data));`,
      lines: [2],
    },
    {
      name: 'then then finally',
      code: `${decls}
load()
  .then((s) => s.trim())
  .finally(() => console.log('done'));`,
      lines: [4],
    },
  ],
});
