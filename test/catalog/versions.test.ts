// Every fact has a version on every axis of its catalog: a date a source gives (`since`), the oldest version checked
// (`atOrBefore`, never reported as since), or a reason from the file's table why no version applies (`noVersion`,
// `unavailable`); Rust's axes each version one crate (`axisScope`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_FILES, expandCatalogFile, verifyApi } from '../../src/catalog/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe.each(CATALOG_FILES)('%s: a version or a reason on every axis', (language) => {
  const file = expandCatalogFile(JSON.parse(readFileSync(path.join(ROOT, `src/catalog/data/${language}.json`), 'utf8')));
  it('holds for every entry', () => {
    const missing: string[] = [];
    const counts: Record<string, number> = {};
    for (const axis of Object.keys(file.versions)) {
      const scope = file.axisScope?.[axis];
      for (const e of file.entries) {
        if (scope !== undefined && !e.id.startsWith(scope) && `${e.id}::` !== scope) { counts['other crate'] = (counts['other crate'] ?? 0) + 1; continue; }
        const how = e.since?.[axis] !== undefined ? 'since' : e.atOrBefore?.[axis] !== undefined ? 'atOrBefore' : e.noVersion?.[axis] !== undefined ? 'noVersion' : e.unavailable?.[axis] !== undefined ? 'unavailable' : undefined;
        if (!how) missing.push(`${e.id} (${axis})`);
        else counts[`${axis} ${how}`] = (counts[`${axis} ${how}`] ?? 0) + 1;
        for (const key of [e.noVersion?.[axis], e.unavailable?.[axis]]) if (key !== undefined) expect(file.reasons?.[key], `${e.id}: reason ${key}`).toBeTruthy();
        if (e.since?.[axis] !== undefined) expect(e.atOrBefore?.[axis], e.id).toBeUndefined();
      }
    }
    console.log(`${language} versions: ${JSON.stringify(counts)}`);
    expect(missing.slice(0, 20)).toEqual([]);
  });
});

describe('"at or before" is never "since"', () => {
  it.each([
    ['python', 'asyncio.gather', { python: '3.9' }],
    ['csharp', 'System.Threading.Channels.Channel.CreateBounded', { dotnet: '5' }],
    ['rust', 'tokio::time::MissedTickBehavior', { tokio: '1.0' }],
    ['node', 'node:util.promisify.custom', { node: '18' }],
  ] as const)('%s %s below the oldest version checked answers cannot_verify', (language, symbol, target) => {
    const v = verifyApi(language, symbol, target);
    expect(v.since).toBeUndefined();
    expect(v.atOrBefore).toBeDefined();
    expect(v.status).toBe('cannot_verify');
  });

  it('dates what a source dates: asyncio.run 3.7 (docs), Task.WhenEach .NET 9, recv_many tokio 1.34', () => {
    expect(verifyApi('python', 'asyncio.run').since).toEqual({ python: '3.7' });
    expect(verifyApi('csharp', 'Task.WhenEach').since).toEqual({ dotnet: '9' });
    expect(verifyApi('rust', 'tokio::sync::mpsc::Receiver::recv_many').since).toEqual({ tokio: '1.34' });
  });

  it('keeps MDN partial support as a fact with its caveat (Symbol.asyncDispose on Node 20)', () => {
    const v = verifyApi('javascript', 'Symbol.asyncDispose', { node: '20' });
    expect(v.status).toBe('verified');
    expect(v.caveats?.node).toMatch(/Partial support from Node 20\.4\.0/);
    // BCD closes its partial rows on the 20.x line, but Node 22.23 defines the symbol (checked with that runtime).
    expect(verifyApi('javascript', 'Symbol.asyncDispose', { node: '22' }).status).toBe('verified');
    expect(verifyApi('javascript', 'Symbol.asyncDispose', { node: '24' }).status).toBe('verified');
  });
});
