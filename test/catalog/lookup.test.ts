import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSymbols, searchApi, verifyApi, nodeAvailability, type ApiTarget } from '../../src/catalog/index.js';

type Case = [language: string, symbol: string, target: ApiTarget | undefined, status: string, canonical?: string];

// Known answers: each row is a fact checkable in the public docs (MDN, nodejs.org/api, docs.python.org).
const KNOWN: Case[] = [
  ['javascript', 'Promise.withResolvers', undefined, 'verified', 'Promise.withResolvers'],
  ['javascript', 'Promise.withResolvers', { node: '20' }, 'too_new'],
  ['javascript', 'Promise.withResolvers', { node: '22' }, 'verified'],
  ['javascript', 'Promise.withResolvers', { ecmascript: 'ES2023' }, 'too_new'],
  ['javascript', 'Promise.withResolvers', { ecmascript: 'ES2024' }, 'verified'],
  ['typescript', 'promise.finally', undefined, 'verified', 'Promise.prototype.finally'],
  ['javascript', 'Promise.prototype.finally', { ecmascript: 'ES2017' }, 'too_new'],
  ['javascript', 'Promise.allSettled', { ecmascript: 'ES2020' }, 'verified'],
  ['javascript', 'Promise.any', { ecmascript: 'ES2020' }, 'too_new'],
  ['javascript', 'Promise.try', { node: '22' }, 'too_new'],
  ['javascript', 'Array.fromAsync', undefined, 'verified'],
  ['javascript', 'Symbol.asyncIterator', { ecmascript: 'ES2018' }, 'verified'],
  ['javascript', 'AbortSignal.timeout', undefined, 'verified'],
  ['javascript', 'globalThis.queueMicrotask', undefined, 'verified', 'queueMicrotask'],
  ['javascript', 'lodash.debounce', undefined, 'cannot_verify'],
  ['javascript', 'Array.prototype.map', undefined, 'verified'],
  ['javascript', 'Map.prototype.get', undefined, 'cannot_verify'],
  ['javascript', 'Promise.withResolver', undefined, 'not_found'],
  ['node', 'AbortSignal.any', { node: '18.16.0' }, 'too_new'],
  ['node', 'AbortSignal.any', { node: '18.17.0' }, 'verified'],
  ['node', 'AbortSignal.any', { node: '19.0.0' }, 'too_new'],
  ['node', 'AbortSignal.any', { node: '20.3.0' }, 'verified'],
  ['node', 'events.once', undefined, 'verified', 'node:events.once'],
  ['node', 'node:events.once', { node: '20' }, 'verified', 'node:events.once'],
  ['node', 'timers/promises.setTimeout', undefined, 'verified', 'node:timers/promises.setTimeout'],
  ['node', 'fsPromises.open', undefined, 'verified', 'node:fs/promises.open'],
  ['node', 'FileHandle.close', undefined, 'verified', 'node:fs/promises.FileHandle.prototype.close'],
  ['node', 'process.nextTick', undefined, 'verified', 'node:process.nextTick'],
  ['node', 'setImmediate', undefined, 'verified', 'node:timers.setImmediate'],
  ['node', 'util.promisify', undefined, 'verified', 'node:util.promisify'],
  ['node', 'AsyncLocalStorage.run', undefined, 'verified', 'node:async_hooks.AsyncLocalStorage.prototype.run'],
  ['node', 'stream/promises.pipeline', undefined, 'verified', 'node:stream/promises.pipeline'],
  ['node', 'events.onse', undefined, 'not_found'],
  ['node', 'lodash.debounce', undefined, 'cannot_verify'],
];

describe('verifyApi: known answers', () => {
  it.each(KNOWN)('%s %s %o -> %s', (language, symbol, target, status, canonical) => {
    const v = verifyApi(language, symbol, target);
    expect(v.status, JSON.stringify(v)).toBe(status);
    if (canonical) expect(v.symbol).toBe(canonical);
  });

  it('gives the edition and the Node release for Promise.withResolvers', () => {
    const v = verifyApi('javascript', 'Promise.withResolvers');
    expect(v.since).toEqual({ ecmascript: 'ES2024', node: ['22.0.0'] });
    expect(v.docUrl).toMatch(/^https:\/\/developer\.mozilla\.org\/.*withResolvers/);
    expect(v.provenance?.map((p) => p.source)).toEqual(expect.arrayContaining(['typescript-lib', 'mdn-bcd']));
    expect(v.provenance?.every((p) => p.license && p.version)).toBe(true);
  });

  it('keeps both release lines of a backported API (AbortSignal.any: 20.3.0 and 18.17.0)', () => {
    const v = verifyApi('node', 'AbortSignal.any');
    expect(v.since?.node).toEqual(['20.3.0', '18.17.0']);
    const major = verifyApi('node', 'AbortSignal.any', { node: '20' });
    expect(major.status).toBe('verified');
    expect(major.reason).toContain('20.3.0');
  });

  it('suggests real names for a miss', () => {
    expect(verifyApi('javascript', 'Promise.withResolver').suggestions?.[0]).toBe('Promise.withResolvers');
    expect(verifyApi('node', 'events.onse').suggestions).toContain('node:events.once');
    expect(verifyApi('javascript', 'Promise.allSetled').suggestions?.[0]).toBe('Promise.allSettled');
  });

  it('says what is covered when it cannot verify', () => {
    const v = verifyApi('javascript', 'lodash.debounce');
    expect(v.coverage).toMatch(/Promise/);
    expect(v.reason).toMatch(/outside/);
  });

  it('marks removed APIs removed without a target, and judges them against a target', () => {
    const node = verifyApi('node', 'util.isBoolean');
    expect(node.status).toBe('removed');
    expect(verifyApi('node', 'util.isBoolean', { node: '20' }).status).toBe('verified');
  });

  it('rejects unknown languages, empty symbols and bad targets with TypeErrors naming what is allowed', () => {
    expect(() => verifyApi('java', 'x')).toThrow(/Allowed: python, javascript, typescript, node, csharp, rust/);
    expect(() => verifyApi('python', '  ')).toThrow(TypeError);
    expect(() => verifyApi('javascript', 'Promise', { ecmascript: 'ES2099' })).toThrow(/ES2015/);
    expect(() => verifyApi('javascript', 'Promise', { java: '8' } as ApiTarget)).toThrow(/Allowed: python, node/);
  });
});

describe('nodeAvailability', () => {
  const table: Array<[string[], string, boolean]> = [
    [['20.3.0', '18.17.0'], '18.17.0', true],
    [['20.3.0', '18.17.0'], '18.16.1', false],
    [['20.3.0', '18.17.0'], '19.9.0', false],
    [['20.3.0', '18.17.0'], '20.2.0', false],
    [['20.3.0', '18.17.0'], '21.0.0', true],
    [['22.0.0'], '20', false],
    [['22.0.0'], '22', true],
    [['0.1.26'], '20', true],
  ];
  it.each(table)('%o at %s -> %s', (since, target, expected) => {
    expect(nodeAvailability(since, target).available).toBe(expected);
  });
});

describe('searchApi and listSymbols', () => {
  it('ranks names before summaries', () => {
    const hits = searchApi('javascript', 'withResolvers', 5).map((h) => h.symbol);
    expect(hits[0]).toBe('Promise.withResolvers');
  });

  it('finds Node APIs by option name', () => {
    const hits = searchApi('node', 'signal', 50).map((h) => h.symbol);
    expect(hits).toContain('node:events.once');
  });

  it('rejects an empty query and a bad limit', () => {
    expect(() => searchApi('node', '')).toThrow(TypeError);
    expect(() => searchApi('node', 'x', 0)).toThrow(/limit/);
  });

  it('lists ids by prefix, with or without node:', () => {
    expect(listSymbols('node', 'events.on')).toEqual(expect.arrayContaining(['node:events.on', 'node:events.once']));
    expect(listSymbols('javascript', 'Promise.')).toContain('Promise.withResolvers');
    expect(listSymbols('typescript', 'promise.w')).toEqual(['Promise.withResolvers']);
  });
});

// The C# and Python data come from part 2's generators; these rows check the lookup rules on them.
const hasData = (language: string) => existsSync(path.resolve(import.meta.dirname, `../../src/catalog/data/${language}.json`));

describe.skipIf(!hasData('csharp'))('verifyApi on the csharp catalog', () => {
  it.each([
    ['Task.WhenAll', 'System.Threading.Tasks.Task.WhenAll'],
    ['System.Threading.Tasks.Task.WhenAll', 'System.Threading.Tasks.Task.WhenAll'],
    ['ValueTask.AsTask', 'System.Threading.Tasks.ValueTask.AsTask'],
    ['ChannelReader.ReadAllAsync', 'System.Threading.Channels.ChannelReader<T>.ReadAllAsync'],
  ])('resolves %s to %s', (symbol, canonical) => {
    const v = verifyApi('csharp', symbol);
    expect(v.status).toBe('verified');
    expect(v.symbol).toBe(canonical);
  });

  it('suggests within the type and refuses third-party namespaces', () => {
    expect(verifyApi('csharp', 'Task.WhenAlll')).toMatchObject({ status: 'not_found', suggestions: ['System.Threading.Tasks.Task.WhenAll'] });
    expect(verifyApi('csharp', 'Newtonsoft.Json.JsonConvert').status).toBe('cannot_verify');
  });
});

describe.skipIf(!hasData('python'))('verifyApi on the python catalog', () => {
  it('judges versions and finds members by their short name', () => {
    expect(verifyApi('python', 'asyncio.timeout', { python: '3.10' }).status).toBe('too_new');
    expect(verifyApi('python', 'asyncio.timeout', { python: '3.11' }).status).toBe('verified');
    expect(verifyApi('python', 'TaskGroup.create_task').symbol).toBe('asyncio.TaskGroup.create_task');
    expect(verifyApi('python', 'aiohttp.ClientSession').status).toBe('cannot_verify');
    expect(verifyApi('python', 'asyncio.timeout_att').suggestions?.[0]).toBe('asyncio.timeout_at');
  });

  it('finds asyncio.timeout, asyncio.timeout_at and asyncio.wait_for when searching "timeout"', () => {
    const hits = searchApi('python', 'timeout', 10).map((h) => h.symbol);
    expect(hits).toEqual(expect.arrayContaining(['asyncio.timeout', 'asyncio.timeout_at', 'asyncio.wait_for']));
  });
});

describe('targets below the oldest version a catalog checks', () => {
  it('answers cannot_verify instead of too_new when the entry is present at the floor', () => {
    const old = verifyApi('python', 'asyncio.gather', { python: '3.6' });
    expect(old.status).toBe('cannot_verify');
    expect(old.reason).toMatch(/oldest version this catalog checks/);
    // asyncio.run is dated by the docs (New in version 3.7), so 3.6 is too old for it.
    expect(verifyApi('python', 'asyncio.run', { python: '3.6' }).status).toBe('too_new');
    expect(verifyApi('csharp', 'Task.WhenAll', { dotnet: '5' }).status).toBe('cannot_verify');
  });

  it('still answers too_new when the entry is newer than the floor', () => {
    expect(verifyApi('python', 'asyncio.timeout', { python: '3.6' }).status).toBe('too_new');
    expect(verifyApi('csharp', 'Task.WhenEach', { dotnet: '8' }).status).toBe('too_new');
  });
});

describe('suffix matching keeps case', () => {
  it('does not take a bare global for a differently-cased member', () => {
    for (const name of ['Set', 'Error']) {
      const v = verifyApi('node', name);
      expect(v.symbol, `${name} must not resolve to a lower-case member`).not.toMatch(/Headers|Response/);
    }
    expect(verifyApi('csharp', 'Task.WhenAll').symbol).toBe('System.Threading.Tasks.Task.WhenAll');
    expect(verifyApi('javascript', 'promise.finally').symbol).toBe('Promise.prototype.finally');
  });
});
