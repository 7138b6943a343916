/**
 * The real-code manifest (bench/real/manifest.json) and where each entry lives once fetched. Shared by fetch.mjs
 * and noise.mjs; knows nothing of any one language.
 *
 * An entry: { id, source: 'npm' | 'debian' | 'github', language, set: 'tuning' | 'held-out', review?: string[] } and
 *   npm:    name, version          (npm pack name@version; the package root is the tarball's package/)
 *   debian: name, version          (apt-get download name=version; dpkg-deb -x; root is the extracted tree)
 *   github: repo, commit, install? (the search tool's mirror at /work/.mirror/owner+name/; git archive of the commit;
 *                                   install: npm install --ignore-scripts at the root, so the project's types resolve)
 * `review` lists the paths (relative to the root) the reviewer is run on, from the root as working directory; the
 * whole root when absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const CACHE = process.env.REAL_CODE_CACHE ?? join(ROOT, '.cache/real-code');
export const SETS = ['tuning', 'held-out'];
export const SOURCES = ['npm', 'debian', 'github'];

/** Every entry, checked: a malformed manifest fails here with the entry and the field named. */
export function loadManifest(path = process.env.REAL_CODE_MANIFEST ?? join(import.meta.dirname, 'manifest.json')) {
  const { entries } = JSON.parse(readFileSync(path, 'utf8'));
  const ids = new Set();
  for (const e of entries) {
    const bad = (why) => {
      throw new Error(`bench/real/manifest.json: entry ${JSON.stringify(e.id ?? e)}: ${why}`);
    };
    if (typeof e.id !== 'string' || ids.has(e.id)) bad('needs a unique string id');
    ids.add(e.id);
    if (!SOURCES.includes(e.source)) bad(`source must be one of ${SOURCES.join(', ')}`);
    if (!SETS.includes(e.set)) bad(`set must be one of ${SETS.join(', ')}`);
    if (typeof e.language !== 'string') bad('needs the language whose reviewer measures it');
    if (e.source === 'github') {
      if (!/^[\w.-]+\/[\w.-]+$/.test(e.repo ?? '')) bad('github entries need repo "owner/name"');
      if (!/^[0-9a-f]{40}$/.test(e.commit ?? '')) bad('github entries need a full 40-hex commit');
    } else if (typeof e.name !== 'string' || typeof e.version !== 'string' || e.version.length === 0) {
      bad(`${e.source} entries need name and an exact version`);
    }
    if (e.review !== undefined && (!Array.isArray(e.review) || e.review.some((p) => typeof p !== 'string' || p.startsWith('/') || p.includes('..')))) {
      bad('review must be a list of relative paths inside the entry');
    }
  }
  return entries;
}

/** The folder an entry is fetched into. */
export function entryDir(entry) {
  return join(CACHE, entry.id.replace(/[^\w.@-]+/g, '_'));
}

/** The folder the reviewer runs in: the package or project root. */
export function entryRoot(entry) {
  return entry.source === 'npm' ? join(entryDir(entry), 'package') : entryDir(entry);
}

/** Entries picked by --set, --language and ids given on the command line. */
export function selectEntries(entries, { set, language, ids }) {
  return entries.filter((e) => (!set || e.set === set) && (!language || e.language === language) && (ids.length === 0 || ids.includes(e.id)));
}

/** `--set tuning --language typescript id...` */
export function parseSelection(argv) {
  const out = { set: undefined, language: undefined, ids: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set' || a === '--language') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--set' && !SETS.includes(v)) throw new Error(`Unknown set "${v}". Allowed: ${SETS.join(', ')}`);
      out[a.slice(2)] = v;
    } else if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true'];
      out.flags.set(k, v);
    } else out.ids.push(a);
  }
  return out;
}
