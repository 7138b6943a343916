// The Python catalog generator: known answers, determinism against the committed JSON, curated-fact honesty, and the
// stub evaluator on small hand-made stubs (gates, star imports with and without __all__, re-exports).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error build-time generator in plain JS (scripts/ is not part of the TypeScript project)
import { build } from '../../scripts/catalog/python.mjs';
// @ts-expect-error build-time helper in plain JS
import { StubWorld } from '../../scripts/catalog/lib-python/py-stubs.mjs';
import { probeInput, skipReason } from '../helpers/toolchain.js';
// @ts-expect-error build-time script in plain JS
import { serialise } from '../../scripts/catalog/build.mjs';
import { expandCatalogFile } from '../../src/catalog/index.js';

interface Entry {
  id: string;
  kind: string;
  signature?: string[];
  since?: Record<string, string>;
  removed?: Record<string, string>;
  deprecated?: { since?: Record<string, string>; message: string };
  platforms?: string[];
  parameters?: string[];
  docUrl?: string;
  notes?: string[];
  provenance: Array<{ source: string; file?: string; fields: string[] }>;
}
interface CatalogFile {
  language: string;
  sources: Array<{ id: string }>;
  versions: Record<string, string[]>;
  entries: Entry[];
}

const committedPath = path.join(import.meta.dirname, '../../src/catalog/data/python.json');
const committedText = readFileSync(committedPath, 'utf8');
const committed = expandCatalogFile(JSON.parse(committedText)) as unknown as CatalogFile;
const byId = new Map(committed.entries.map((e) => [e.id, e]));
const get = (id: string): Entry => {
  const e = byId.get(id);
  if (!e) throw new Error(`${id} is not in the python catalog`);
  return e;
};

describe('python catalog: known answers', () => {
  it.each([
    ['asyncio.timeout', '3.11'],
    ['asyncio.timeout_at', '3.11'],
    ['asyncio.TaskGroup', '3.11'],
    ['asyncio.TaskGroup.create_task', '3.11'],
    ['asyncio.to_thread', '3.9'],
    ['asyncio.Runner', '3.11'],
    ['asyncio.Queue.shutdown', '3.13'],
    ['asyncio.QueueShutDown', '3.13'],
    ['asyncio.Task.uncancel', '3.11'],
    ['asyncio.Barrier', '3.11'],
    ['asyncio.eager_task_factory', '3.12'],
  ])('%s since %s', (id, since) => {
    expect(get(id).since).toEqual({ python: since });
    expect(get(id).removed).toBeUndefined();
  });

  it('asyncio.coroutine was removed in 3.11 and deprecated before', () => {
    const e = get('asyncio.coroutine');
    expect(e.removed).toEqual({ python: '3.11' });
    expect(e.deprecated?.message).toMatch(/async def/);
  });

  it('asyncio.get_event_loop exists, with a curated note pointing at get_running_loop', () => {
    const e = get('asyncio.get_event_loop');
    expect(e.removed).toBeUndefined();
    expect(e.notes?.some((n) => n.includes('get_running_loop'))).toBe(true);
    expect(e.provenance.some((p) => p.source === 'curated' && p.fields.includes('notes'))).toBe(true);
  });

  it('asyncio.TaskGroup exists at 3.11 although asyncio.__all__ omits it there', () => {
    const init = readFileSync(path.join(import.meta.dirname, '../../node_modules/pyright/dist/typeshed-fallback/stdlib/asyncio/__init__.pyi'), 'utf8');
    expect(init).toMatch(/from \.taskgroups import \*/);
    expect(get('asyncio.TaskGroup').since).toEqual({ python: '3.11' });
  });

  it('Windows-only and Unix-only names carry platforms', () => {
    expect(get('asyncio.ProactorEventLoop').platforms).toEqual(['win32']);
    expect(get('asyncio.WindowsSelectorEventLoopPolicy').platforms).toEqual(['win32']);
    expect(get('asyncio.SafeChildWatcher').platforms).toEqual(['darwin', 'linux']);
    expect(get('asyncio.SafeChildWatcher').removed).toEqual({ python: '3.14' });
    expect(get('asyncio.gather').platforms).toBeUndefined();
  });

  it('keyword parameters let a reviewer flag Queue.get(timeout=...)', () => {
    expect(get('asyncio.Queue.get').parameters).toEqual([]);
    expect(get('asyncio.gather').parameters).toContain('return_exceptions');
    expect(get('asyncio.wait_for').parameters).toEqual(expect.arrayContaining(['timeout']));
    expect(get('asyncio.Queue').parameters).toContain('maxsize');
  });

  it('inherited members are reachable on subclasses', () => {
    expect(get('asyncio.PriorityQueue.put_nowait').kind).toBe('method');
    expect(get('asyncio.BoundedSemaphore.acquire').kind).toBe('method');
  });

  it('kinds, signatures and doc URLs', () => {
    expect(get('asyncio').kind).toBe('module');
    expect(get('asyncio.Queue').kind).toBe('class');
    expect(get('asyncio.Queue.get').signature).toEqual(['async def get(self) -> _T']);
    expect(get('asyncio.FIRST_COMPLETED').kind).toBe('constant');
    expect(get('asyncio.timeout').docUrl).toBe('https://docs.python.org/3/library/asyncio-task.html#asyncio.timeout');
    // Newer than the 3.11 inventory: the page of the documented parent, without a guessed anchor.
    expect(get('asyncio.Queue.shutdown').docUrl).toBe('https://docs.python.org/3/library/asyncio-queue.html');
    expect(get('asyncio.AbstractEventLoop.run_in_executor').docUrl).toBe('https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.run_in_executor');
  });

  it('deprecations come from @deprecated with their version', () => {
    expect(get('asyncio.iscoroutinefunction').deprecated?.since).toEqual({ python: '3.14' });
    expect(get('asyncio.get_event_loop_policy').deprecated?.since).toEqual({ python: '3.14' });
  });

  it('covers concurrent.futures, contextvars and threading', () => {
    expect(get('concurrent.futures.ThreadPoolExecutor').kind).toBe('class');
    expect(get('concurrent.futures.Executor.submit').kind).toBe('method');
    expect(get('concurrent.futures.InterpreterPoolExecutor').since).toEqual({ python: '3.14' });
    expect(get('contextvars.ContextVar.set').kind).toBe('method');
    expect(get('contextvars.copy_context').kind).toBe('function');
    expect(get('threading.Lock').kind).toBe('class');
    expect(byId.has('asyncio.Queue.get_with_timeout')).toBe(false);
  });
});

describe('python catalog: curated facts are honest', () => {
  it('every curated note cites a docs.python.org page and has curated provenance', () => {
    const curated = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../scripts/catalog/curated/python.json'), 'utf8')) as { entries: Array<{ id: string; notes?: string[] }> };
    expect(curated.entries.length).toBeGreaterThan(0);
    for (const c of curated.entries) {
      const e = get(c.id);
      expect(e.provenance.find((p) => p.source === 'curated')?.fields).toEqual(Object.keys(c).filter((k) => k !== 'id'));
      for (const note of c.notes ?? []) expect(note, c.id).toMatch(/\(https:\/\/docs\.python\.org\/3\/[^\s)]+\)\.?$/);
    }
  });

  it('every provenance source is declared', () => {
    const declared = new Set(committed.sources.map((s) => s.id));
    for (const e of committed.entries) for (const p of e.provenance) expect(declared.has(p.source), `${e.id}: ${p.source}`).toBe(true);
  });
});

// The generator reads the pinned python3.11-doc (inventory and versionadded notes; npm run setup:sources).
const skipGolden = skipReason(probeInput('python3.11-doc'), 'Python 3.11 docs (pinned input)');

describe.skipIf(skipGolden !== undefined)('python catalog: golden', () => {
  let rebuilt: string;
  beforeAll(async () => {
    const file = (await build()) as CatalogFile;
    rebuilt = serialise(file) as string;
  });

  it('regenerating gives the committed file byte for byte', () => {
    if (rebuilt === committedText) return;
    const fresh = expandCatalogFile(JSON.parse(rebuilt)) as unknown as CatalogFile;
    const a = new Map(committed.entries.map((e) => [e.id, JSON.stringify(e)]));
    const b = new Map(fresh.entries.map((e) => [e.id, JSON.stringify(e)]));
    const differing = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id));
    expect(differing, 'ids that differ: run the catalog build').toEqual([]);
    expect(rebuilt).toBe(committedText); // header fields (sources, versions, coverage)
  });
});

describe('python catalog: committed order', () => {
  it('entries are sorted by id', () => {
    const ids = committed.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });
});

describe('stub evaluator on hand-made stubs', () => {
  let dir: string;
  let world: {
    module(name: string, version: number[], platform: string): { names: Map<string, { exported: boolean }>; all?: string[] } | undefined;
  };
  const publicNames = (v: number[], p: string) => {
    const ns = world.module('pkg', v, p)!;
    return [...ns.names].filter(([n, b]) => b.exported && !n.startsWith('_')).map(([n]) => n).sort();
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stubs-'));
    mkdirSync(path.join(dir, 'pkg'));
    writeFileSync(path.join(dir, 'VERSIONS'), 'pkg: 3.8-\npkg.newer: 3.12-\n_impl: 3.8-\n');
    writeFileSync(path.join(dir, '_impl.pyi'), 'def fast() -> None: ...\ndef hidden() -> None: ...\n');
    writeFileSync(path.join(dir, 'pkg', 'listed.pyi'), [
      'import sys',
      'from _impl import fast as fast, hidden',
      '__all__ = ("a", "fast")',
      'def a() -> None: ...',
      'def not_listed() -> None: ...',
    ].join('\n'));
    writeFileSync(path.join(dir, 'pkg', 'unlisted.pyi'), 'def b() -> None: ...\ndef _private() -> None: ...\n');
    writeFileSync(path.join(dir, 'pkg', 'newer.pyi'), '__all__ = ("n",)\ndef n() -> None: ...\n');
    writeFileSync(path.join(dir, 'pkg', '__init__.pyi'), [
      'import sys',
      'from .listed import *',
      'from .unlisted import *',
      'from .newer import *',
      'if sys.version_info >= (3, 11) and sys.platform != "win32":',
      '    def unix_311() -> None: ...',
      'elif sys.platform == "win32":',
      '    def win() -> None: ...',
      'else:',
      '    def old_unix() -> None: ...',
      'if not (sys.version_info < (3, 10)):',
      '    from .listed import not_listed as not_listed',
    ].join('\n'));
    world = await StubWorld.create(dir);
  });

  it('applies gates, __all__, re-export rules and VERSIONS floors', () => {
    expect(publicNames([3, 9], 'linux')).toEqual(['a', 'b', 'fast', 'old_unix']);
    expect(publicNames([3, 10], 'linux')).toEqual(['a', 'b', 'fast', 'not_listed', 'old_unix']);
    expect(publicNames([3, 12], 'linux')).toEqual(['a', 'b', 'fast', 'n', 'not_listed', 'unix_311']);
    expect(publicNames([3, 12], 'win32')).toEqual(['a', 'b', 'fast', 'n', 'not_listed', 'win']);
    rmSync(dir, { recursive: true, force: true });
  });
});
