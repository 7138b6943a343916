#!/usr/bin/env node
// Builds the verified-API catalog: runs each present generator (scripts/catalog/<language>.mjs), merges the curated
// facts (scripts/catalog/curated/<language>.json) and writes src/catalog/data/<language>.json in a canonical form
// (sorted ids, fixed key order, 2-space JSON, final newline) so that a rerun is byte-identical.
//
//   node scripts/catalog/build.mjs                  build every language whose generator exists
//   node scripts/catalog/build.mjs javascript node  only these languages
//   node scripts/catalog/build.mjs --check [...]    compare instead of writing; print the ids that differ; exit 1
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const LANGUAGES = ['javascript', 'node', 'python', 'csharp', 'rust'];
const HERE = new URL('./', import.meta.url);
const DATA = new URL('../../src/catalog/data/', import.meta.url);

import { ENTRY_KEYS } from './lib-python/py-curated.mjs';

/** Fields a curated item may set: notes, and what no derived source can express. Never existence or scope facts. */
const CURATABLE = ['summary', 'notes', 'docUrl'];

function sortedObject(obj) {
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}

/** Rebuilds every object with its keys in the fixed order: the JSON text then depends only on the facts. */
export function canonical(file) {
  const entry = (e) => {
    const out = {};
    for (const k of ENTRY_KEYS) {
      if (e[k] === undefined) continue;
      if (['since', 'removed', 'atOrBefore', 'noVersion', 'caveats', 'unavailable'].includes(k)) out[k] = sortedObject(e[k]);
      else if (k === 'deprecated') out[k] = { ...(e[k].since ? { since: sortedObject(e[k].since) } : {}), message: e[k].message };
      else if (k === 'provenance') out[k] = e[k].map((p) => ({ source: p.source, ...(p.file ? { file: p.file } : {}), fields: p.fields }));
      else out[k] = e[k];
    }
    const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.includes(k));
    if (unknown.length) throw new Error(`${file.language}: entry ${e.id} has unknown keys ${unknown.join(', ')}`);
    return out;
  };
  const ids = new Set();
  for (const e of file.entries) {
    if (ids.has(e.id)) throw new Error(`${file.language}: duplicate id ${e.id}`);
    ids.add(e.id);
  }
  return {
    language: file.language,
    coverage: file.coverage,
    sources: file.sources.map((s) => ({ id: s.id, name: s.name, version: s.version, license: s.license, ...(s.url ? { url: s.url } : {}) })),
    versions: sortedObject(file.versions),
    ...(file.completeness ? { completeness: sortedObject(file.completeness) } : {}),
    ...(file.reasons ? { reasons: sortedObject(file.reasons) } : {}),
    ...(file.axisScope ? { axisScope: sortedObject(file.axisScope) } : {}),
    ...(file.checkedThrough ? { checkedThrough: sortedObject(file.checkedThrough) } : {}),
    ...(file.unplacedNames ? { unplacedNames: sortedObject(file.unplacedNames) } : {}),
    entries: [...file.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(entry),
  };
}

/**
 * Merges curated facts. A curated item may add notes, or fill a field no derived source supplied; setting a field
 * a derived source already has is a build error (the two would disagree silently otherwise).
 */
export function mergeCurated(file, curated) {
  const byId = new Map(file.entries.map((e) => [e.id, e]));
  for (const item of curated.entries ?? []) {
    const fields = Object.keys(item).filter((k) => k !== 'id');
    const bad = fields.filter((k) => !CURATABLE.includes(k));
    if (bad.length) throw new Error(`curated ${file.language} ${item.id}: unknown fields ${bad.join(', ')}`);
    const entry = byId.get(item.id);
    // Curated data never makes an API exist: existence comes from the derived sources only.
    if (!entry) throw new Error(`curated ${file.language} ${item.id}: matches no derived entry (misspelt, or not in the sources?)`);
    const supplied = [];
    for (const k of fields) {
      if (k === 'notes') {
        entry.notes = [...(entry.notes ?? []), ...item.notes];
      } else if (entry[k] !== undefined) {
        throw new Error(`curated ${file.language} ${item.id}: field "${k}" clashes with derived data (${JSON.stringify(entry[k])})`);
      } else {
        entry[k] = item[k];
      }
      supplied.push(k);
    }
    entry.provenance.push({ source: 'curated', file: `scripts/catalog/curated/${file.language}.json`, fields: supplied });
  }
  if (!file.sources.some((s) => s.id === 'curated')) {
    file.sources.push({ id: 'curated', name: 'Hand-written facts (scripts/catalog/curated)', version: '1', license: 'project' });
  }
  return file;
}

/**
 * The header indented, then one entry per line: small, quick to parse, and a diff still shows one id per line.
 * Provenance lists repeat across thousands of entries (same source, file and fields), so each distinct list is
 * stored once in `provenanceTable` and entries hold its index; src/catalog/load.ts expands them.
 */
export function serialise(file) {
  const { entries: full, ...rest } = canonical(file);
  const table = [];
  const indexOf = new Map();
  const entries = full.map((e) => {
    const key = JSON.stringify(e.provenance);
    if (!indexOf.has(key)) {
      indexOf.set(key, table.length);
      table.push(e.provenance);
    }
    return { ...e, provenance: indexOf.get(key) };
  });
  const head = { ...rest, provenanceTable: table };
  const headText = JSON.stringify({ ...head, provenanceTable: [] }, null, 2)
    .replace('"provenanceTable": []', `"provenanceTable": [\n${table.map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ]`);
  return `${headText.slice(0, -2)},\n  "entries": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
}

/** Runs one language's generator and merges its curated file (unless the generator already did). */
export async function buildLanguage(language) {
  const generator = new URL(`${language}.mjs`, HERE);
  if (!existsSync(generator)) return undefined;
  const { build } = await import(pathToFileURL(generator.pathname).href);
  const file = await build();
  const curatedPath = new URL(`curated/${language}.json`, HERE);
  const alreadyMerged = file.entries.some((e) => e.provenance?.some((p) => p.source === 'curated'));
  if (existsSync(curatedPath) && !alreadyMerged) mergeCurated(file, JSON.parse(readFileSync(curatedPath, 'utf8')));
  return file;
}

/** Replaces provenance indexes by the lists of the file's `provenanceTable` (the form serialise() writes). */
export function expandProvenance(file) {
  const table = file.provenanceTable;
  if (!table) return file;
  const { provenanceTable, ...rest } = file;
  return { ...rest, entries: file.entries.map((e) => (typeof e.provenance === 'number' ? { ...e, provenance: table[e.provenance] } : e)) };
}

/** Ids whose serialised entry differs between two catalog texts (plus `(header)` when the rest differs). */
export function differingIds(oldText, newText) {
  const parse = (t) => { try { return expandProvenance(JSON.parse(t)); } catch { return { entries: [] }; } };
  const a = parse(oldText);
  const b = parse(newText);
  const map = (f) => new Map((f.entries ?? []).map((e) => [e.id, JSON.stringify(e)]));
  const ma = map(a);
  const mb = map(b);
  const ids = [...new Set([...ma.keys(), ...mb.keys()])].filter((id) => ma.get(id) !== mb.get(id)).sort();
  const header = (f) => JSON.stringify({ ...f, entries: undefined });
  if (header(a) !== header(b)) ids.unshift('(header: language, coverage, sources or versions)');
  return ids;
}

async function main(argv) {
  const check = argv.includes('--check');
  const asked = argv.filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((l) => !LANGUAGES.includes(l));
  if (unknown.length) {
    console.error(`Unknown language ${unknown.join(', ')}. Known: ${LANGUAGES.join(', ')}`);
    return 2;
  }
  const languages = asked.length ? asked : LANGUAGES;
  let failed = false;
  mkdirSync(DATA, { recursive: true });
  for (const language of languages) {
    const file = await buildLanguage(language);
    if (!file) {
      console.error(`${language}: no generator (scripts/catalog/${language}.mjs), skipped`);
      continue;
    }
    const text = serialise(file);
    const target = new URL(`${language}.json`, DATA);
    if (check) {
      const old = existsSync(target) ? readFileSync(target, 'utf8') : '';
      if (old === text) {
        console.log(`${language}: up to date (${file.entries.length} entries)`);
      } else {
        failed = true;
        const ids = differingIds(old, text);
        console.log(`${language}: differs from src/catalog/data/${language}.json in ${ids.length} ids:`);
        for (const id of ids.slice(0, 200)) console.log(`  ${id}`);
        if (ids.length > 200) console.log(`  ... and ${ids.length - 200} more`);
      }
    } else {
      writeFileSync(target, text);
      console.log(`${language}: wrote ${file.entries.length} entries`);
    }
  }
  if (!check) {
    // Default targets are the lines supported on the day the data was built (src/catalog/calendar.ts).
    const calendarFile = new URL('support-calendar.json', DATA);
    const calendar = JSON.parse(readFileSync(calendarFile, 'utf8'));
    calendar.asOf = new Date().toISOString().slice(0, 10);
    writeFileSync(calendarFile, `${JSON.stringify(calendar, null, 2)}\n`);
  }
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
