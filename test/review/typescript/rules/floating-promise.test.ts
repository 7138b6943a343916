import { ruleTable } from '../helpers.js';

ruleTable('floating-promise', {
  valid: [
    {
      name: 'awaited, returned and voided calls',
      code: `
async function save(id: string): Promise<void> {}
export async function run(ids: string[]) {
  await save('a');
  void save('b');
  const p = save('c');
  await p;
  return save('d');
}`,
    },
    {
      name: 'a rejection handler at the end of the chain',
      code: `
async function sync(): Promise<number> { return 1; }
export function start() {
  sync().catch((err) => console.error('sync failed', err));
  sync().then(() => {}, (err) => console.error(err));
}`,
    },
    {
      name: 'non-promise calls and JavaScript without types',
      language: 'javascript',
      code: `
const items = [1, 2, 3];
items.forEach((x) => console.log(x));
someUntypedLibrary.doThing();
`,
    },
    {
      name: 'Promise.all awaited',
      code: `
async function load(u: string) { return u; }
export async function all(urls: string[]) {
  await Promise.all(urls.map((u) => load(u)));
}`,
    },
  ],
  invalid: [
    {
      name: 'an async call dropped inside an async function',
      code: `
async function sendEmail(to: string): Promise<void> {}
export async function register(email: string) {
  const user = { email };
  sendEmail(user.email);
  return user;
}`,
      lines: [5],
    },
    {
      name: 'a top-level main() in a script',
      language: 'javascript',
      code: `
async function main() {
  const res = await fetch('https://example.com', { signal: AbortSignal.timeout(5000) });
  console.log(res.status);
}
main();
`,
      lines: [6],
    },
    {
      name: 'an array of promises thrown away',
      code: `
async function notify(id: number): Promise<void> {}
export function notifyAll(ids: number[]) {
  ids.map((id) => notify(id));
}`,
      lines: [4],
    },
    {
      name: 'finally does not handle a rejection',
      code: `
declare function flush(): Promise<void>;
export function close() {
  flush().finally(() => console.log('done'));
}`,
      lines: [4],
    },
    {
      name: 'a method on this',
      code: `
class Cache {
  async persist(): Promise<void> {}
  set(k: string) {
    this.persist();
  }
}`,
      lines: [5],
    },
  ],
});
