// Third-party APIs against the installed versions: a throwaway project with node_modules (own types, exports,
// @types, an open package, an unresolved base, a symlink out of the root) and a virtualenv (sources, stubs, dist-info).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBatches, reviewFileBatch } from '../../src/review/paths.js';
import { createServer } from '../../src/server/create-server.js';
import { verifyNpmSymbol } from '../../src/workspace/npm-api.js';
import { verifyPythonSymbol } from '../../src/workspace/python-api.js';
import { testContext } from '../helpers/mcp-client.js';

let base: string;
let proj: string;

function put(rel: string, text: string): void {
  mkdirSync(dirname(join(proj, rel)), { recursive: true });
  writeFileSync(join(proj, rel), text);
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'installed-')));
  proj = join(base, 'proj');
  mkdirSync(proj);
  put('package.json', JSON.stringify({ name: 'app', dependencies: { 'fake-queue': '^2', '@acme/jobs': '^1', untyped: '^1', 'not-there': '^3', open: '^1', cmds: '^3' } }));
  // Types reached through `exports` conditions, a re-export and a class hierarchy.
  put('node_modules/fake-queue/package.json', JSON.stringify({ name: 'fake-queue', version: '2.1.0', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }));
  put('node_modules/fake-queue/dist/index.d.ts', "export * from './queue.js';\nexport declare function pMap<T>(xs: T[], f: (x: T) => Promise<void>): Promise<void>;\n");
  put('node_modules/fake-queue/dist/queue.d.ts', 'declare class Base { close(): Promise<void>; }\nexport declare class Queue extends Base { add(name: string): Promise<void>; static create(): Queue; }\n');
  // Scoped, with `typesVersions`.
  put('node_modules/@acme/jobs/package.json', JSON.stringify({ name: '@acme/jobs', version: '1.4.2', types: 'index.d.ts', typesVersions: { '*': { '*': ['ts5/*'] } } }));
  put('node_modules/@acme/jobs/ts5/index.d.ts', 'export declare function schedule(ms: number): Promise<void>;\n');
  // No types of its own: @types/untyped answers.
  put('node_modules/untyped/package.json', JSON.stringify({ name: 'untyped', version: '1.0.0', main: 'index.js' }));
  put('node_modules/untyped/index.js', 'exports.run = () => {};\n');
  put('node_modules/@types/untyped/package.json', JSON.stringify({ name: '@types/untyped', version: '1.0.3', types: 'index.d.ts' }));
  put('node_modules/@types/untyped/index.d.ts', 'export declare function run(): void;\n');
  // Open declarations: an index signature, and a class whose base does not resolve.
  put('node_modules/open/package.json', JSON.stringify({ name: 'open', version: '1.0.0', types: 'index.d.ts' }));
  put('node_modules/open/index.d.ts', "import { EventEmitter } from 'node:events';\nexport declare const bag: { [key: string]: unknown; known: number };\nexport declare class Emitter extends EventEmitter { start(): void; }\n");
  // JavaScript only, no @types.
  put('node_modules/plainjs/package.json', JSON.stringify({ name: 'plainjs', version: '0.3.0', main: 'index.js' }));
  put('node_modules/plainjs/index.js', 'exports.x = 1;\n');
  // Declarations that leave out what the JavaScript adds: members under computed names, a getter, a CommonJS default.
  put('node_modules/cmds/package.json', JSON.stringify({ name: 'cmds', version: '3.0.0', main: 'lib/index.js', types: 'lib/index.d.ts' }));
  put('node_modules/cmds/lib/index.d.ts', "import Commander from './commander';\nexport declare class Client extends Commander { get stats(): number; }\nexport declare class Plain { run(): void; }\n");
  put('node_modules/cmds/lib/commander.d.ts', 'export default class Commander { get(key: string): Promise<string>; }\n');
  put('node_modules/cmds/lib/commander.js', "const kState = Symbol('state');\nclass Commander { constructor() { this[kState] = 0; } }\nfor (const name of require('./list.json')) {\n  Commander.prototype[name] = function () {};\n  Commander.prototype[name + 'Buffer'] = function () {};\n}\nexports.default = Commander;\n");
  put('node_modules/cmds/lib/index.js', "const kOpts = Symbol('opts');\nclass Client extends require('./commander').default { get stats() { return 1; } }\nclass Plain { constructor(o) { this[kOpts] = {}; for (const k in o) { if (!(k in this)) throw new Error(k); this[k] = o[k]; } } run() {} get hidden() { return 2; } }\nexports.Client = Client;\nexports.Plain = Plain;\n");
  // A package folder that is a symlink out of the root.
  mkdirSync(join(base, 'outside'), { recursive: true });
  writeFileSync(join(base, 'outside/package.json'), JSON.stringify({ name: 'escape', version: '9.9.9', types: 'index.d.ts' }));
  writeFileSync(join(base, 'outside/index.d.ts'), 'export declare function secret(): void;\n');
  symlinkSync(join(base, 'outside'), join(proj, 'node_modules/escape'));

  // A virtualenv.
  put('.venv/pyvenv.cfg', 'home = /usr/bin\nversion = 3.11.2\n');
  const site = '.venv/lib/python3.11/site-packages';
  put(`${site}/fakeq/__init__.py`, 'from ._client import Client, AsyncClient as AsyncClient\nfrom .util import *\ntry:\n    from ._speed import fast\nexcept ImportError:\n    fast = None\n');
  put(`${site}/fakeq/_client.py`, 'class Base:\n    def close(self):\n        pass\n\nclass Client(Base):\n    def __init__(self):\n        self.timeout = 5\n\n    async def get(self, url):\n        pass\n\nclass AsyncClient(Base, metaclass=Meta):\n    pass\n');
  put(`${site}/fakeq/util.py`, 'def helper():\n    pass\n\n_private = 1\n');
  put(`${site}/fakeq/sub.py`, 'def deep():\n    pass\n');
  put(`${site}/fakeq-1.4.0.dist-info/METADATA`, 'Metadata-Version: 2.1\nName: fakeq\nVersion: 1.4.0\n');
  put(`${site}/fakeq-1.4.0.dist-info/RECORD`, 'fakeq/__init__.py,,\nfakeq/_client.py,,\n');
  put(`${site}/lazy/__init__.py`, 'def __getattr__(name):\n    return 1\n');
  put(`${site}/Lazy_Pkg-0.2.egg-info/PKG-INFO`, 'Metadata-Version: 1.1\nName: Lazy-Pkg\nVersion: 0.2\n');
  put(`${site}/Lazy_Pkg-0.2.egg-info/top_level.txt`, 'lazy\n');
  put(`${site}/stubbed-stubs/__init__.pyi`, 'class Conn:\n    async def fetch(self) -> bytes: ...\n');
  put(`${site}/stubbed/__init__.py`, 'class Conn:\n    pass\n');
  put('requirements.txt', 'fakeq>=1.4\nmissing-lib==2.0\n');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const npm = (symbol: string, limits?: { maxFiles: number; maxBytes: number }) => verifyNpmSymbol({ language: 'node', symbol, from: proj, stopAt: proj, ...(limits ? { limits } : {}) });
const py = (symbol: string) => verifyPythonSymbol({ symbol, from: proj, stopAt: proj });

describe('npm packages, as installed', () => {
  it('finds exports, statics, inherited instance members through exports conditions, with version and file', () => {
    const v = npm('fake-queue.Queue.prototype.close');
    expect(v).toMatchObject({ status: 'verified', symbol: 'fake-queue.Queue.prototype.close', package: { name: 'fake-queue', version: '2.1.0' } });
    expect(v!.provenance![0]!.file).toBe('node_modules/fake-queue/dist/queue.d.ts');
    expect(npm('fake-queue.Queue.create')!.status).toBe('verified');
    expect(npm('fake-queue.pMap')!.signature![0]).toMatch(/Promise<void>/);
    expect(npm('@acme/jobs.schedule')).toMatchObject({ status: 'verified', package: { name: '@acme/jobs', version: '1.4.2' } });
    expect(npm('untyped.run')!.provenance![0]!.file).toBe('node_modules/@types/untyped/index.d.ts');
  });

  it('answers not_found with suggestions from the package when its declarations are closed', () => {
    const v = npm('fake-queue.Queue.prototype.addd');
    expect(v).toMatchObject({ status: 'not_found', package: { name: 'fake-queue', version: '2.1.0' }, suggestions: ['fake-queue.Queue.prototype.add'] });
    expect(npm('fake-queue.pMapParallel')!.status).toBe('not_found');
    expect(npm('@acme/jobs.cancel')!.status).toBe('not_found');
  });

  it('answers cannot_verify when absence proves nothing, or nothing was read', () => {
    expect(npm('open.bag.other')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/index signature/) });
    expect(npm('open.Emitter.prototype.on')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/base `EventEmitter` could not be resolved/) });
    expect(npm('open.Emitter.prototype.start')!.status).toBe('verified');
    expect(npm('plainjs.x')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/ships no type declarations.*npm i -D @types\/plainjs/) });
    expect(npm('not-there.go')).toMatchObject({ status: 'cannot_verify', package: { name: 'not-there', version: 'not installed' }, reason: expect.stringMatching(/npm install/) });
    expect(npm('fake-queue.Queue.prototype.addJob', { maxFiles: 1, maxBytes: 1e6 })).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/maxFiles/) });
    expect(npm('escape.secret')!.status).toBe('cannot_verify'); // its declarations lie outside the root
  });

  it('answers cannot_verify where the package\'s own JavaScript leaves room the declarations do not show', () => {
    expect(npm('cmds.Client.prototype.getBuffer')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/adds members to `Commander`.*computed at run time \(lib\/commander\.js:4/) });
    expect(npm('cmds.Plain.prototype.hidden')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/own JavaScript names a member `hidden` \(lib\/index\.js:3\)/) });
    expect(npm('cmds.default')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/CommonJS/) });
    // A symbol-keyed slot (`this[kOpts]`) and a write guarded by `!(k in this)` add no member: Plain stays closed, and
    // a name nowhere in the package is not_found.
    expect(npm('cmds.Plain.prototype.runAsync')).toMatchObject({ status: 'not_found', package: { name: 'cmds', version: '3.0.0' } });
    expect(npm('cmds.Client.prototype.get')!.status).toBe('verified');
  });

  it('leaves built-in modules and globals to the catalog', () => {
    expect(npm('events.once')).toBeUndefined();
    expect(npm('Promise.withResolvers')).toBeUndefined();
    expect(npm('leftpad.x')).toBeUndefined(); // neither installed nor declared
  });
});

describe('Python packages in the virtualenv, as installed', () => {
  it('follows re-exports, star imports, submodules and bases; reads the version from dist-info or egg-info', async () => {
    expect(await py('fakeq.Client.get')).toMatchObject({ status: 'verified', package: { name: 'fakeq', version: '1.4.0' } });
    expect((await py('fakeq.Client.get'))!.provenance![0]!.file).toBe('.venv/lib/python3.11/site-packages/fakeq/_client.py');
    expect((await py('fakeq.Client.close'))!.status).toBe('verified'); // from Base
    expect((await py('fakeq.Client.timeout'))!.status).toBe('verified'); // set on self in __init__
    expect((await py('fakeq.helper'))!.status).toBe('verified'); // star import
    expect((await py('fakeq.fast'))!.status).toBe('verified'); // bound on a branch
    expect((await py('fakeq.sub.deep'))!.status).toBe('verified');
    expect((await py('stubbed.Conn.fetch'))!.status).toBe('verified'); // the stub package wins over the source
  });

  it('answers not_found only for closed modules and classes, with suggestions', async () => {
    expect(await py('fakeq.Client.gett')).toMatchObject({ status: 'not_found', suggestions: ['fakeq.Client.get'] });
    expect((await py('fakeq.helpr'))!.status).toBe('not_found');
    expect(await py('fakeq.AsyncClient.get')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/metaclass/) });
    expect(await py('lazy.anything')).toMatchObject({ status: 'cannot_verify', package: { name: 'Lazy-Pkg', version: '0.2' }, reason: expect.stringMatching(/__getattr__/) });
    expect(await py('missing_lib.x')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/requirements\.txt/) });
  });

  it('leaves the standard library and unknown names to the catalog', async () => {
    expect(await py('asyncio.timeout')).toBeUndefined();
    expect(await py('nosuch.x')).toBeUndefined();
  });
});

describe('verify_api in a project', () => {
  it('answers third-party symbols from the installed version, the rest from the catalog', async () => {
    const server = createServer({ ...testContext(), workspace: { cliRoots: [proj], transport: 'stdio', cwd: proj } });
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    const client = new Client({ name: 't', version: '0' });
    await client.connect(ct);
    try {
      const r = await client.callTool({ name: 'verify_api', arguments: { language: 'typescript', symbols: ['fake-queue.Queue.prototype.addJob', 'Promise.withResolvers'] } });
      const out = r.structuredContent as { results: Array<{ status: string; package?: { name: string; version: string }; provenance?: Array<{ file?: string }> }> };
      expect(out.results[0]).toMatchObject({ status: 'not_found', package: { name: 'fake-queue', version: '2.1.0' } });
      expect(out.results[0]!.provenance![0]!.file).toBe('node_modules/fake-queue/dist/queue.d.ts');
      expect(out.results[1]!.status).toBe('verified');
      const p = await client.callTool({ name: 'verify_api', arguments: { language: 'python', symbol: 'fakeq.Client.get', project: '.' } });
      expect(p.structuredContent).toMatchObject({ status: 'verified', package: { name: 'fakeq', version: '1.4.0' } });
      const bad = await client.callTool({ name: 'verify_api', arguments: { language: 'python', symbol: 'x.y', project: '../..' } });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toMatch(/outside the roots/);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('the reviewer uses the installed versions', () => {
  const review = async (rel: string, code: string) => {
    put(rel, code);
    const out = [];
    for (const batch of planBatches([join(proj, rel)], { stopAt: () => proj })) out.push(...(await reviewFileBatch(batch)));
    return out[0]!.findings.filter((f) => f.ruleId === 'hallucinated-api');
  };

  it('Python: a third-party name the installed version lacks is an error naming package, version and file', async () => {
    const findings = await review('app/main.py', 'import fakeq\nfrom fakeq import helpr, helper\n\nc = fakeq.Client()\nfakeq.Client.gett\nfakeq.Clent.get\nfakeq.AsyncClient.anything\nimport lazy\nlazy.whatever\n');
    expect(findings.map((f) => [f.line, f.severity, f.message])).toEqual([
      [2, 'error', expect.stringMatching(/^`fakeq\.helpr` does not exist in fakeq 1\.4\.0, the version installed in this project\. Did you mean `fakeq\.helper`\?/)],
      [5, 'error', expect.stringMatching(/`fakeq\.Client\.gett` does not exist/)],
      [6, 'error', expect.stringMatching(/`fakeq\.Clent` does not exist/)], // once, not again for `.get`
    ]);
    expect(findings[0]!.basis).toEqual({ kind: 'project', detail: 'fakeq 1.4.0 as installed (.venv/lib/python3.11/site-packages/fakeq/__init__.py)' });
  });

  it('TypeScript: names the package and version; in JavaScript the same finding is a warning', async () => {
    const code = "import { Queue } from 'fake-queue';\nexport async function f(q: Queue) {\n  await q.addJob('x');\n  await q.add('x');\n}\n";
    const ts = await review('src/a.ts', code);
    expect(ts.map((f) => [f.line, f.severity])).toEqual([[3, 'error']]);
    expect(ts[0]!.message).toMatch(/`addJob` is not declared on `q` by fake-queue@2\.1\.0, the version installed in this project \(node_modules\/fake-queue\/dist\/queue\.d\.ts\)/);
    const js = await review('src/b.js', "import { Queue } from 'fake-queue';\nconst q = Queue.create();\nq.addJob('x');\n");
    expect(js.map((f) => [f.line, f.severity])).toEqual([[3, 'warning']]);
  });
});
