import { ruleTable } from '../helpers.js';

ruleTable('floating-promise', {
  valid: [
    { name: 'a branch or operand that handles its own rejection', code: `declare function save(id: string): Promise<void>;\ndeclare function log(e: unknown): void;\nexport function go(id: string, dirty: boolean) {\n  dirty ? save(id).catch(log) : undefined;\n  dirty && save(id).catch(log);\n  log(id), void save(id);\n}` },
    // Deliberate fire-and-forget that handles its own failure (issue 13, class 3).
    { name: 'async IIFE whose body is one try/catch', code: `export function start(work: () => Promise<void>) {\n  (async () => {\n    try {\n      await work();\n    } catch (error) {\n      console.error(error);\n    }\n  })();\n}` },
    { name: 'a declared async function whose body is one try/catch', code: `async function close(it: AsyncIterator<unknown>) {\n  try {\n    await it.return?.();\n  } catch {}\n}\nexport function stop(it: AsyncIterator<unknown>) {\n  close(it);\n}` },
    { name: 'an async function whose every await is inside try/catch, with a guard return and sync cleanup', code: `declare function finished(s: object): Promise<void>;\nconst open = new WeakMap<object, number>();\nconst cleanup = async (s: object, skip: boolean) => {\n  if (skip) {\n    return;\n  }\n  try {\n    await finished(s);\n  } catch {}\n  open.delete(s);\n};\nexport function watch(s: object) {\n  cleanup(s, false);\n}` },
    { name: 'an async function that only starts one of that kind', code: `declare function sleep(ms: number): Promise<void>;\nconst killLater = async (ms: number) => {\n  try {\n    await sleep(ms);\n  } catch {}\n};\nconst maybeKill = async (ms: number, on: boolean) => {\n  if (on) {\n    killLater(ms);\n  }\n};\nexport function kill(ms: number) {\n  maybeKill(ms, true);\n}` },
    { name: 'an awaited promise with its own handler needs no try', code: `declare function load(): Promise<void>;\ndeclare function log(e: unknown): void;\nconst refresh = async () => {\n  await load().catch(log);\n  try {\n    await load();\n  } catch (e) {\n    log(e);\n  }\n};\nexport function tick() {\n  refresh();\n}` },
    { name: 'a catch that awaits a function of that kind', code: `declare function open(): Promise<object>;\ndeclare function close(m: object): Promise<void>;\nconst closeQuietly = async (m: object) => {\n  try {\n    await close(m);\n  } catch {}\n};\nconst connect = async () => {\n  let m: object | undefined;\n  try {\n    m = await open();\n  } catch {\n    if (m) await closeQuietly(m);\n  }\n};\nexport function retry() {\n  connect();\n}` },
    { name: 'a catch that awaits a plain function returning a handled chain', code: `interface Model { close(): Promise<void> }\ndeclare function open(): Promise<Model>;\nclass Recovery {\n  closeQuietly(m: Model) {\n    return m.close().catch(() => {});\n  }\n  async connect() {\n    let m: Model | undefined;\n    try {\n      m = await open();\n    } catch (e) {\n      if (m) await this.closeQuietly(m);\n      console.error(e);\n    }\n  }\n  later() {\n    setTimeout(() => {\n      this.connect();\n    }, 10);\n  }\n}\nexport { Recovery };` },
    { name: 'a callback typed as node-style through a wrapper', code: `type Callback<T> = (err?: Error | null, result?: T) => void;\ndeclare function slots(cb?: Callback<number[]>): Promise<number[]>;\ndeclare function timeout<T>(cb: Callback<T>, ms: number): Callback<T>;\nexport function refresh() {\n  slots(timeout((err, result) => console.log(err, result), 1000));\n}` },
    { name: 'Worker#terminate never rejects', code: `import { Worker } from 'node:worker_threads';\nexport function kill(w: Worker) {\n  w.terminate();\n}` },
    { name: 'a callback overload receives the error', code: `declare function query(sql: string, cb: (err: Error | null, rows?: unknown[]) => void): Promise<unknown[]>;\nexport function run() {\n  query('select 1', (err, rows) => console.log(err, rows));\n}` },
    { name: 'a call that returns its argument', code: `export function decorate(p: Promise<number>) {\n  Object.defineProperties(p, { tag: { value: 1 } });\n  return p;\n}` },
    { name: 'catch then finally', code: `export function go(f: () => Promise<void>) {\n  f().catch(() => undefined).finally(() => console.log('done'));\n}` },
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
    // Statement forms that drop a promise behind an operator (issue 13, recall).
    { name: 'a promise dropped on either side of a comma', code: `declare function save(id: string): Promise<void>;\ndeclare function log(m: string): void;\nexport function go(id: string) {\n  log(id), save(id);\n  save(id), log(id);\n}`, lines: [4, 5], severities: ['error', 'error'] },
    { name: 'a promise dropped behind && / || / ??', code: `declare function save(u: object): Promise<void>;\ndeclare const cache: { flush(): Promise<void> } | undefined;\nexport function go(u: object | undefined, quiet: boolean) {\n  u && save(u);\n  quiet || save({});\n  cache?.flush() ?? save({});\n}`, lines: [4, 5, 6], severities: ['error', 'error', 'error'] },
    { name: 'a promise dropped in a conditional branch or by an optional call', code: `interface Store { save(x: number): Promise<void> }\nexport function go(store: Store | undefined, dirty: boolean, x: number) {\n  dirty ? store?.save(x) : undefined;\n  store?.save(x);\n}`, lines: [3, 4], severities: ['error', 'error'] },
    // Severity: dropped, but whether a rejection goes unhandled depends on code out of sight.
    { name: 'a call that returns the promise its object keeps is a warning', code: `export class Batch {\n  promise: Promise<unknown[]>;\n  private settle!: (v: unknown[]) => void;\n  constructor() {\n    this.promise = new Promise((resolve) => { this.settle = resolve; });\n  }\n  exec(): Promise<unknown[]> {\n    this.settle([]);\n    return this.promise;\n  }\n  retry() {\n    this.exec();\n  }\n}`, lines: [12], severities: ['warning'] },
    { name: 'a method implemented on the prototype that returns the kept promise is a warning, also through .call', code: `interface Pipe { exec(): Promise<unknown> }\nclass Pipe {\n  promise: Promise<unknown> = Promise.resolve();\n}\nPipe.prototype.exec = function (this: Pipe) {\n  return this.promise;\n};\nexport function again(p: Pipe) {\n  const exec = p.exec;\n  p.exec();\n  exec.call(p);\n}`, lines: [10, 11], severities: ['warning', 'warning'] },
    { name: 'the kept promise through a method declared by an interface the class extends', code: `interface Commands { exec(): Promise<unknown> }\ninterface Pipe extends Commands {}\nclass Pipe {\n  promise: Promise<unknown> = Promise.resolve();\n}\nPipe.prototype.exec = function (this: Pipe) {\n  return this.promise;\n};\nexport function again(p: Pipe) {\n  const _this = p;\n  _this.exec();\n}`, lines: [11], severities: ['warning'] },
    { name: 'JavaScript: a prototype-assigned method that returns the kept promise, read into a variable and called with .call', language: 'javascript', filename: 'pipe.js', code: `class Pipe {\n  constructor() {\n    this.promise = Promise.resolve(1);\n  }\n}\nPipe.prototype.exec = function () {\n  return this.promise;\n};\nexport function again(pipeline) {\n  const p = new Pipe();\n  const exec = p.exec;\n  exec.call(p);\n}`, lines: [12], severities: ['warning'] },
    { name: 'a function value (a parameter, a job taken from a queue) is a warning; a declared function an error', code: `type Job = () => Promise<void>;\nasync function flush(): Promise<void> {}\nexport function next(queue: Job[], task: Job) {\n  const job = queue.shift()!;\n  job();\n  task();\n  flush();\n}`, lines: [5, 6, 7], severities: ['warning', 'warning', 'error'] },
    { name: 'a catch that awaits a plain function returning an unhandled promise', code: `interface Model { close(): Promise<void> }\nexport function shut(m: Model) {\n  const quiet = () => m.close();\n  const go = async () => {\n    try {\n      await Promise.resolve();\n    } catch {\n      await quiet();\n    }\n  };\n  go();\n}`, lines: [11], severities: ['error'] },
    { name: 'an await in the catch rejects again', code: `declare function send(): Promise<void>;\ndeclare function report(e: unknown): Promise<void>;\nconst go = async () => {\n  try {\n    await send();\n  } catch (e) {\n    await report(e);\n  }\n};\nexport function start() {\n  go();\n}`, lines: [11], severities: ['error'] },
    { name: 'an await in the finally rejects again', code: `declare function work(): Promise<void>;\ndeclare function destroy(): Promise<void>;\nconst close = async () => {\n  try {\n    await work();\n  } catch {\n  } finally {\n    await destroy();\n  }\n};\nexport function dispose() {\n  close();\n}`, lines: [12], severities: ['error'] },
    { name: 'a promise returned outside the try rejects the call', code: `declare function drain(): Promise<void>;\ndeclare function shutdown(): Promise<void>;\nconst close = async (force: boolean) => {\n  try {\n    await drain();\n  } catch {}\n  return shutdown();\n};\nexport function dispose() {\n  close(true);\n}`, lines: [10], severities: ['error'] },
    { name: 'a value that is maybe a promise (void | Promise) is a warning', code: `interface Store {\n  delete(key: string): void | Promise<void>;\n}\nexport function evict(store: Store, key: string) {\n  store.delete(key);\n}`, lines: [5], severities: ['warning'] },
    { name: 'an await outside the try still rejects the dropped call', code: `declare function finished(s: object): Promise<void>;\nconst onEnd = async (s: object, after: () => Promise<void>) => {\n  try {\n    await finished(s);\n  } catch {}\n  await after();\n};\nexport function watch(s: object, after: () => Promise<void>) {\n  onEnd(s, after);\n}`, lines: [9], severities: ['error'] },
    { name: 'a catch that rethrows does not handle the failure', code: `declare function finished(s: object): Promise<void>;\nconst onEnd = async (s: object) => {\n  if (!s) return;\n  try {\n    await finished(s);\n  } catch (e) {\n    throw new Error('wrapped', { cause: e });\n  }\n};\nexport function watch(s: object) {\n  onEnd(s);\n}`, lines: [11], severities: ['error'] },
    { name: 'a promise type only inferred (JS callback overload) is a warning', language: 'javascript', filename: 'x.js', code: `function maybe(cb) {\n  if (cb) { cb(); return; }\n  return Promise.resolve(1);\n}\nexport function go() {\n  maybe();\n}`, lines: [6], severities: ['warning'] },
    { name: 'an unannotated function that always returns a declared promise is an error', language: 'javascript', filename: 'x.js', code: `function delay(ms) {\n  return new Promise((r) => setTimeout(r, ms));\n}\nexport function go() {\n  delay(10);\n}`, lines: [5], severities: ['error'] },
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
