// The C# catalog (src/catalog/data/csharp.json): known answers, curated honesty, and an independent check of
// "since": the generator reads the reference assemblies, this test reads the XML documentation files of each pack.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { probeInputs, probeToolchain, skipReason } from '../helpers/toolchain.js';
import { expandCatalogFile, verifyApi } from '../../src/catalog/index.js';
// @ts-expect-error build-time script in plain JS
import { serialise } from '../../scripts/catalog/build.mjs';
// @ts-expect-error build-time generator in plain JS (scripts/ is not part of the TypeScript project)
import { build, findPacks, docUrlFor, TYPE_SCOPE } from '../../scripts/catalog/csharp.mjs';

interface Entry {
  id: string;
  kind: string;
  summary?: string;
  signature?: string[];
  since?: Record<string, string>;
  atOrBefore?: Record<string, string>;
  removed?: Record<string, string>;
  docUrl?: string;
  notes?: string[];
  provenance: Array<{ source: string; file?: string; fields: string[] }>;
}
interface CatalogFile {
  sources: Array<{ id: string; version?: string }>;
  versions: Record<string, string[]>;
  entries: Entry[];
}

const committedText = readFileSync(path.join(import.meta.dirname, '../../src/catalog/data/csharp.json'), 'utf8');
const catalog = expandCatalogFile(JSON.parse(committedText)) as unknown as CatalogFile;
const byId = new Map(catalog.entries.map((e) => [e.id, e]));
const get = (id: string): Entry => {
  const e = byId.get(id);
  if (!e) throw new Error(`${id} is not in the csharp catalog`);
  return e;
};

describe('csharp catalog: known answers', () => {
  it('Task.WhenAll exists with its overloads', () => {
    const e = get('System.Threading.Tasks.Task.WhenAll');
    expect(e.kind).toBe('method');
    expect(e.signature).toContain('public static Task WhenAll(IEnumerable<Task> tasks)');
    expect(e.docUrl).toBe('https://learn.microsoft.com/dotnet/api/system.threading.tasks.task.whenall');
  });

  it.each([
    ['System.Threading.Tasks.Task.WhenEach', '9'],
    ['System.Threading.Lock', '9'],
    ['System.Threading.Tasks.Parallel.ForAsync', '8'],
  ])('%s since .NET %s', (id, since) => {
    expect(get(id).since).toEqual({ dotnet: since });
  });

  it.each([
    'System.Threading.Tasks.Task.WaitAsync', 'System.Threading.Tasks.Parallel.ForEachAsync', 'System.Threading.Channels.Channel.CreateBounded',
  ])('%s is at or before .NET 6, the oldest pack checked (never "since 6")', (id) => {
    expect(get(id).since).toBeUndefined();
    expect(get(id).atOrBefore).toEqual({ dotnet: '6' });
    expect(verifyApi('csharp', id, { dotnet: '5' }).status).toBe('cannot_verify');
  });

  it('[Obsolete] becomes deprecated, with the pack that first marks it', () => {
    expect(get('System.Threading.Thread.VolatileRead').deprecated).toMatchObject({ since: { dotnet: '9' }, message: expect.stringContaining('Volatile.Read') });
    expect(get('System.Threading.Thread.Abort').deprecated?.message).toMatch(/not supported/);
    // A ref struct's compiler-emitted [Obsolete] marker is not a deprecation.
    expect(get('System.Threading.Lock.Scope').signature?.[0]).toBe('public ref struct Scope');
    expect(get('System.Threading.Lock.Scope').deprecated).toBeUndefined();
    expect(get('System.Threading.Tasks.Task.WhenAll').deprecated).toBeUndefined();
  });

  it('a made-up Task.WhenAllSettled is not present', () => {
    expect(byId.has('System.Threading.Tasks.Task.WhenAllSettled')).toBe(false);
  });

  it('kinds and generic names', () => {
    expect(get('System.Threading.Tasks.Task').kind).toBe('class');
    expect(get('System.Threading.Tasks.ValueTask<TResult>').kind).toBe('struct');
    expect(get('System.Collections.Generic.IAsyncEnumerable<T>').kind).toBe('interface');
    expect(get('System.Threading.Tasks.TaskCreationOptions').kind).toBe('enum');
    expect(get('System.Threading.Tasks.Task<TResult>.Result').kind).toBe('property');
    expect(get('System.Threading.Tasks.Task<TResult>.Result').docUrl).toBe('https://learn.microsoft.com/dotnet/api/system.threading.tasks.task-1.result');
    expect(get('System.Runtime.CompilerServices.EnumeratorCancellationAttribute').kind).toBe('class');
    expect(get('System.Threading.CancellationTokenSource.CancelAsync').since).toEqual({ dotnet: '8' });
  });

  it('doc URLs follow from the documentation id', () => {
    expect(docUrlFor('T:System.Threading.Channels.Channel`1')).toBe('https://learn.microsoft.com/dotnet/api/system.threading.channels.channel-1');
    expect(docUrlFor('M:System.Threading.Tasks.Task.WhenAll``1(System.Threading.Tasks.Task{``0}[])')).toBe('https://learn.microsoft.com/dotnet/api/system.threading.tasks.task.whenall');
    for (const e of catalog.entries) if (e.kind !== 'namespace') expect(e.docUrl, e.id).toMatch(/^https:\/\/learn\.microsoft\.com\/dotnet\/api\/[a-z0-9._-]+$/);
  });

  it('curated notes cite learn.microsoft.com and carry curated provenance', () => {
    const curated = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../scripts/catalog/curated/csharp.json'), 'utf8')) as { entries: Array<{ id: string; notes?: string[] }> };
    for (const c of curated.entries) {
      const e = get(c.id);
      expect(e.provenance.some((p) => p.source === 'curated' && p.fields.includes('notes')), c.id).toBe(true);
      for (const n of c.notes ?? []) expect(n, c.id).toMatch(/\(https:\/\/learn\.microsoft\.com\/dotnet\/[^\s)]+\)\.?$/);
    }
    const declared = new Set(catalog.sources.map((s) => s.id));
    for (const e of catalog.entries) for (const p of e.provenance) expect(declared.has(p.source), `${e.id}: ${p.source}`).toBe(true);
  });
});

/** XML documentation ids an entry id can have: T:/M:/P:/F:/E: with generic arity as `N. */
function docIdPrefix(id: string): string {
  return id.replace(/<([^<>]+)>/g, (_, params: string) => `\`${params.split(',').length}`);
}

function documentedIds(dir: string): Set<string> {
  const out = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml'))) {
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/<member name="([A-Z]):([^"(~]+)/g)) {
      out.add(m[2]!.replace(/``\d+$/, '').replace(/\.#ctor$/, ''));
    }
  }
  return out;
}

// The packs are pinned inputs (npm run setup:sources); regenerating also needs dotnet to run the metadata reader.
const PACK_INPUTS = (catalog.versions.dotnet ?? []).map((major) => `dotnet-ref-${major}`);
const skipPacks = skipReason(probeInputs(PACK_INPUTS), 'the .NET reference packs (pinned inputs)');
const skipDotnet = skipPacks ?? skipReason(probeToolchain('dotnet'), 'dotnet');

describe.skipIf(skipPacks !== undefined)('csharp catalog against the reference packs', () => {
  let packs: Array<{ major: string; version: string; dir: string }>;
  beforeAll(() => {
    packs = findPacks();
  });

  it('each entry is documented in its since-pack and not in the pack before (XML docs, independent of the generator)', () => {
    const docs = new Map(packs.map((p) => [p.major, documentedIds(p.dir)]));
    const versions = catalog.versions.dotnet!;
    let checks = 0;
    let undocumented = 0;
    const mismatches: string[] = [];
    for (const e of catalog.entries) {
      if (e.kind === 'namespace') continue;
      const since = (e.since?.dotnet ?? e.atOrBefore?.dotnet)!;
      const key = docIdPrefix(e.id);
      const inSince = docs.get(since)!.has(key);
      // Some reference-pack members have no XML documentation at all; those cannot be cross-checked this way.
      if (!inSince) {
        undocumented++;
        continue;
      }
      checks++;
      const previous = versions[versions.indexOf(since) - 1];
      if (previous && docs.get(previous)!.has(key)) mismatches.push(`${e.id}: since ${since} but documented in the ${previous} pack`);
    }
    console.log(`csharp since oracle (XML docs of ${packs.map((p) => p.version).join(', ')}): checks=${checks} mismatches=${mismatches.length} undocumented-in-since-pack=${undocumented}`);
    expect(mismatches).toEqual([]);
    expect(checks).toBeGreaterThan(catalog.entries.length * 0.9);
  });

  it('the packs are the pinned versions the committed file names, newest last', () => {
    expect(packs.map((p) => p.major)).toEqual(catalog.versions.dotnet);
    const named = new Map(catalog.sources.map((s) => [s.id, s.version]));
    for (const p of packs) expect(named.get(`dotnet-ref-${p.major}`), p.major).toBe(p.version);
    expect(existsSync(packs.at(-1)!.dir)).toBe(true);
    expect(packs.at(-1)!.major).toBe('11');
  });

  it('oracle: every public type and member the newest pack documents in the covered types answers verified', () => {
    const newest = packs.at(-1)!;
    const symbols = new Set<string>();
    for (const file of readdirSync(newest.dir).filter((f) => f.endsWith('.xml'))) {
      for (const m of readFileSync(path.join(newest.dir, file), 'utf8').matchAll(/<member name="([TMPFE]):([^"(~]+)/g)) {
        const name = m[2]!;
        // Constructors are in their type's signature; explicit interface implementations and operators have no
        // name one calls.
        if (/#ctor|#cctor|\.op_|#/.test(name)) continue;
        const plain = name.replace(/``\d+$/, '').replace(/`\d+/g, '');
        const type = m[1] === 'T' ? plain : plain.slice(0, plain.lastIndexOf('.'));
        if (!(TYPE_SCOPE as RegExp).test(type)) continue;
        symbols.add(plain);
      }
    }
    // The XML files document a few names no assembly of the pack defines (System.Threading.StackHelper): a member
    // must be named in some reference assembly's metadata to count.
    const metadata = readdirSync(newest.dir).filter((f) => f.endsWith('.dll')).map((f) => readFileSync(path.join(newest.dir, f)).toString('latin1')).join('\n');
    // (Names in the #Strings heap end in NUL, or in a backtick and the generic arity; the heap shares suffixes.)
    const named = (n: string) => metadata.includes(`${n}\0`) || metadata.includes(`${n}\``);
    const owner = (s: string) => (symbols.has(s.slice(0, s.lastIndexOf('.'))) ? s.slice(0, s.lastIndexOf('.')).split('.').at(-1)! : undefined);
    const defined = [...symbols].filter((s) => named(s.split('.').at(-1)!) && (owner(s) === undefined || named(owner(s)!)));
    console.log(`csharp oracle: ${symbols.size - defined.length} documented names are in no assembly's metadata`);
    const failures = defined.filter((s) => verifyApi('csharp', s).status !== 'verified').map((s) => `${s}: ${verifyApi('csharp', s).status}`);
    console.log(`csharp reference-pack oracle (${newest.version}): ${defined.length} types and members, ${failures.length} mismatches`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(symbols.size).toBeGreaterThan(1000);
  });
});

describe.skipIf(skipDotnet !== undefined)('csharp catalog regenerated from the pinned packs', () => {
  it('regenerating gives the committed file byte for byte', async () => {
    const file = (await build()) as CatalogFile;
    const rebuilt = serialise(file) as string;
    if (rebuilt === committedText) return;
    const a = new Map(catalog.entries.map((e) => [e.id, JSON.stringify(e)]));
    const b = new Map(file.entries.map((e) => [e.id, JSON.stringify(e)]));
    const differing = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id));
    expect(differing, 'ids that differ: run the catalog build').toEqual([]);
    expect(rebuilt).toBe(committedText);
  }, 600_000); // builds and runs the metadata reader with `dotnet run` (a first build restores and compiles it)
});
