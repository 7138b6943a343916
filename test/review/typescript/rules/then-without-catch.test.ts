import { ruleTable } from '../helpers.js';

const decls = `
declare function load(): Promise<string>;
`;

ruleTable('then-without-catch', {
  valid: [
    { name: 'a root that handles its own failure and callbacks that add none', code: `declare function pull(): Promise<number>;\nexport function run(done: (n: number) => void) {\n  return new Promise<void>((resolve_) => {\n    const runner = (async () => {\n      try {\n        done(await pull());\n      } catch {}\n    })();\n    runner.then(() => new Promise(() => {})).then(resolve_);\n    const worker = (async () => {\n      try {\n        return { value: await pull() };\n      } catch (error) {\n        return { error };\n      }\n    })();\n    worker.then((r) => {\n      if ('error' in r) return;\n      done(r.value);\n    });\n  });\n}` },
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
    { name: 'a root that handles its own failure, then a callback that throws', code: `declare function pull(): Promise<number>;\nexport function run() {\n  const worker = (async () => {\n    try {\n      return await pull();\n    } catch {\n      return -1;\n    }\n  })();\n  worker.then((n) => {\n    if (n < 0) throw new Error('pull failed');\n  });\n}`, lines: [10] },
    { name: 'a root that handles its own failure, then a callback returning a promise', code: `declare function pull(): Promise<number>;\ndeclare function save(n: number): Promise<void>;\nexport function run() {\n  const worker = (async () => {\n    try {\n      return await pull();\n    } catch {\n      return -1;\n    }\n  })();\n  worker.then((n) => save(n));\n}`, lines: [11] },
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
