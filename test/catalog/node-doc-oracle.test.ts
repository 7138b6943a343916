import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeInput, skipReason } from '../helpers/toolchain.js';

// Oracle for `since.node`: Node's own doc JSON (Debian nodejs-doc, the pinned input the generator read) lists when
// each API was added, per release line. Wherever the catalog links an API to a doc heading, every version the doc
// lists must be in `since.node`.

const ROOT = path.resolve(import.meta.dirname, '../..');
const skip = skipReason(probeInput('nodejs-doc'), "Node's doc JSON (pinned input)");
const present = skip === undefined;

interface Entry {
  id: string;
  since?: Record<string, string | string[]>;
  docUrl?: string;
}

describe.skipIf(!present)('Node doc JSON oracle', () => {
  it.each(['node', 'javascript'])('the %s catalog agrees with the doc "added" versions', async (language) => {
    const { readNodeDocIndex } = await import('../../scripts/catalog/node.mjs');
    const index = readNodeDocIndex() as Map<string, Array<{ added: string[]; file: string; anchor?: string }>>;
    const byAnchor = new Map<string, string[]>();
    for (const facts of index.values()) {
      for (const f of facts) if (f.anchor) byAnchor.set(`${f.file}#${f.anchor}`, f.added.map((v) => v.replace(/^v/, '')));
    }
    const catalog = JSON.parse(readFileSync(path.join(ROOT, `src/catalog/data/${language}.json`), 'utf8')) as { entries: Entry[] };
    let checks = 0;
    const mismatches: string[] = [];
    for (const e of catalog.entries) {
      const since = e.since?.node;
      if (!since) continue;
      // javascript entries link to MDN; their Node facts are matched through the globals page by name instead.
      const key = language === 'node'
        ? /^https:\/\/nodejs\.org\/api\/(.+)$/.exec(e.docUrl ?? '')?.[1]
        : [...index.get(`globals.html|${e.id}`) ?? []].map((f) => `${f.file}#${f.anchor}`)[0];
      const added = key ? byAnchor.get(key) : undefined;
      if (!added?.length) continue;
      checks++;
      const list = Array.isArray(since) ? since : [since];
      const missing = added.filter((v) => !list.includes(v));
      if (missing.length) mismatches.push(`${e.id}: doc added ${added.join(', ')}, catalog ${list.join(', ')}`);
    }
    console.log(`node doc oracle (${language}): ${checks} checks, ${mismatches.length} mismatches`);
    expect(checks).toBeGreaterThan(language === 'node' ? 300 : 5);
    expect(mismatches).toEqual([]);
  });
});
