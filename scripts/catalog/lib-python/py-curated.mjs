// Merging of hand-written facts (scripts/catalog/curated/<language>.json) into derived entries, and the fixed key
// order of catalog entries. Shared by the python, csharp and rust generators.

/** Key order of a CatalogEntry in the generated JSON. */
export const ENTRY_KEYS = ['id', 'kind', 'summary', 'signature', 'since', 'atOrBefore', 'noVersion', 'caveats', 'removed', 'deprecated',
  'unavailable', 'experimental', 'platforms', 'parameters', 'docUrl', 'closed', 'extends', 'aliasOf', 'notes', 'provenance'];

export function orderEntry(entry) {
  const out = {};
  for (const key of ENTRY_KEYS) if (entry[key] !== undefined) out[key] = entry[key];
  const extra = Object.keys(entry).filter((k) => !ENTRY_KEYS.includes(k));
  if (extra.length > 0) throw new Error(`Entry ${entry.id} has unknown keys: ${extra.join(', ')}`);
  return out;
}

/**
 * Adds curated facts to derived entries. Curated data may append notes or fill a field no derived source supplied;
 * setting a field that a derived source already supplied is a build error, as is annotating an id nothing derived
 * (unless `allowNew`: the Rust catalog is curated throughout).
 */
export function mergeCurated(entries, curatedEntries, language, { allowNew = false } = {}) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const seen = new Set();
  for (const c of curatedEntries) {
    if (!c.id) throw new Error(`curated/${language}.json: an entry has no id`);
    if (seen.has(c.id)) throw new Error(`curated/${language}.json: duplicate id ${c.id}`);
    seen.add(c.id);
    const fields = Object.keys(c).filter((k) => k !== 'id');
    let target = byId.get(c.id);
    if (!target) {
      if (!allowNew) throw new Error(`curated/${language}.json: ${c.id} matches no derived entry (misspelt, or not in the stubs?)`);
      if (!c.kind) throw new Error(`curated/${language}.json: new entry ${c.id} needs a kind`);
      target = { id: c.id, provenance: [] };
      entries.push(target);
      byId.set(c.id, target);
    }
    for (const field of fields) {
      if (field === 'provenance') throw new Error(`curated/${language}.json: ${c.id} must not set provenance`);
      if (field === 'notes') {
        target.notes = [...(target.notes ?? []), ...c.notes];
        continue;
      }
      if (target[field] !== undefined) {
        throw new Error(`curated/${language}.json: ${c.id}.${field} clashes with the derived value ${JSON.stringify(target[field])}`);
      }
      target[field] = c[field];
    }
    target.provenance.push({ source: 'curated', file: `scripts/catalog/curated/${language}.json`, fields });
  }
  return entries;
}
