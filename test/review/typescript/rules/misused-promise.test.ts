import { ruleTable } from '../helpers.js';

const decls = `
declare function save(x: string): Promise<void>;
declare function exists(x: string): Promise<boolean>;
`;

ruleTable('misused-promise', {
  valid: [
    { name: 'a timer callback whose every await is inside try/catch, with a guard return', code: `declare function reconnect(): Promise<void>;\nlet closing = false;\nexport function schedule() {\n  setTimeout(async () => {\n    if (closing) return;\n    try {\n      await reconnect();\n    } catch {\n      schedule();\n    }\n  }, 1000);\n}` },
    {
      name: 'sync callbacks and awaited maps',
      code: `${decls}
export async function run(items: string[]) {
  items.forEach((x) => console.log(x));
  const flags = await Promise.all(items.map((x) => exists(x)));
  return items.filter((_, i) => flags[i]);
}`,
    },
    {
      name: 'a timer callback that handles its own errors',
      code: `${decls}
setInterval(async () => {
  try {
    await save('tick');
  } catch (err) {
    console.error(err);
  }
}, 1000);`,
    },
    {
      name: 'fastify awaits async handlers',
      code: `
import Fastify from 'fastify';
const app = Fastify();
app.get('/health', async () => ({ ok: true }));`,
    },
  ],
  invalid: [
    { name: 'a timer callback whose catch rethrows', code: `declare function reconnect(): Promise<void>;\nexport function schedule() {\n  setTimeout(async () => {\n    try {\n      await reconnect();\n    } catch (e) {\n      throw new Error('reconnect failed', { cause: e });\n    }\n  }, 1000);\n}`, lines: [3] },
    {
      name: 'a typed void callback (fs.watch) and a promise-returning forEach callback',
      code: `${decls}
import { watch } from 'node:fs';
export function follow(path: string, ids: string[]) {
  watch(path, async () => {
    await save(path);
  });
  ids.forEach((id) => save(id));
}`,
      lines: [7, 10],
    },
    {
      name: 'async forEach',
      code: `${decls}
export async function saveAll(items: string[]) {
  items.forEach(async (x) => {
    await save(x);
  });
}`,
      lines: [6],
    },
    {
      name: 'async predicate in filter',
      code: `${decls}
export async function present(paths: string[]) {
  return paths.filter(async (p) => await exists(p));
}`,
      lines: [6],
    },
    {
      name: 'async setInterval and event listener',
      code: `${decls}
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
setInterval(async () => {
  await save('tick');
}, 1000);
bus.on('job', async (id: string) => {
  await save(id);
});`,
      lines: [7, 10],
    },
    {
      name: 'async Express 4 handler and http.createServer',
      language: 'javascript',
      code: `
const express = require('express');
const http = require('node:http');
const app = express();
app.get('/users/:id', async (req, res) => {
  const user = await db.find(req.params.id);
  res.json(user);
});
http.createServer(async (req, res) => {
  res.end(await render(req.url));
}).listen(3000);`,
      lines: [5, 9],
    },
  ],
});
