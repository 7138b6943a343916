import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandCatalogFile } from '../../src/catalog/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => JSON.parse(readFileSync(path.join(ROOT, p), 'utf8'));
// Data files store each distinct provenance list once; expand them as the loader does.
const readData = (p: string) => expandCatalogFile(read(p));

// Honesty checks for the hand-written facts: every curated item names a real entry, carries a doc link that
// belongs to the symbol's documentation site, and shows up in the data with `curated` provenance.
describe.each(['javascript', 'node'])('curated %s facts', (language) => {
  const curated = read(`scripts/catalog/curated/${language}.json`) as { entries: Array<{ id: string; notes?: string[] }> };
  const data = readData(`src/catalog/data/${language}.json`) as unknown as {
    sources: Array<{ id: string; license: string }>;
    entries: Array<{ id: string; notes?: string[]; provenance: Array<{ source: string; fields: string[] }> }>;
  };
  const byId = new Map(data.entries.map((e) => [e.id, e]));

  it('declares the curated source with the project licence', () => {
    expect(data.sources.find((s) => s.id === 'curated')?.license).toBe('project');
  });

  it.each(curated.entries.map((c) => [c.id, c] as const))('%s is a derived entry with curated notes and a doc link', (id, c) => {
    const entry = byId.get(id);
    expect(entry, `${id} must exist in the derived data`).toBeDefined();
    expect(entry?.provenance.some((p) => p.source === 'curated' && p.fields.includes('notes'))).toBe(true);
    for (const note of c.notes ?? []) {
      expect(entry?.notes).toContain(note);
      const site = language === 'node' ? /https:\/\/nodejs\.org\/api\/\w+\.html/ : /https:\/\/(developer\.mozilla\.org|nodejs\.org)\//;
      expect(note).toMatch(site);
    }
  });
});
