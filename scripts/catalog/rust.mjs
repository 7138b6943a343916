// Rust catalog generator: tokio and futures facts are curated (rustdoc records no "since"), in curated/rust.json.
// This script checks their shape, derives each docs.rs URL from the symbol and kind, and drops the build-only
// `definedIn` field (where test/catalog/rust-sources.test.ts looks for the item in the Debian crate sources).
// Exports build() for scripts/catalog/build.mjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderEntry } from './lib-python/py-curated.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CURATED_FILE = 'scripts/catalog/curated/rust.json';

const PAGE_PREFIX = { function: 'fn', struct: 'struct', enum: 'enum', trait: 'trait', type: 'type', macro: 'macro', constant: 'constant' };
const KINDS = new Set([...Object.keys(PAGE_PREFIX), 'module', 'method']);

/** Version strings like '1.21' ordered numerically. */
const compareVersions = (a, b) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/**
 * The docs.rs page of a symbol: https://docs.rs/<crate>/latest/<crate>/<module path>/<prefix>.<Name>.html, with
 * `#method.<name>` for methods (on their owner's page) and index.html for modules. Attribute macros (defined in
 * tokio-macros) use the `attr.` prefix.
 */
export function docsRsUrl(id, kind, ownerKind = 'struct', attribute = false) {
  const [crate, ...parts] = id.split('::');
  const base = `https://docs.rs/${crate}/latest/${crate}/`;
  if (kind === 'module') return `${base}${parts.join('/')}/index.html`;
  if (kind === 'method') {
    const owner = parts.slice(0, -1);
    return `${base}${[...owner.slice(0, -1), `${PAGE_PREFIX[ownerKind]}.${owner.at(-1)}.html`].join('/')}#method.${parts.at(-1)}`;
  }
  const prefix = attribute ? 'attr' : PAGE_PREFIX[kind];
  return `${base}${[...parts.slice(0, -1), `${prefix}.${parts.at(-1)}.html`].join('/')}`;
}

export async function build() {
  const curated = JSON.parse(readFileSync(path.join(here, 'curated', 'rust.json'), 'utf8'));
  const byId = new Map(curated.entries.map((e) => [e.id, e]));
  const tokioVersions = new Set(['1.0']);
  const entries = curated.entries.map((c) => {
    if (!/^(tokio|futures)::/.test(c.id)) throw new Error(`${CURATED_FILE}: ${c.id} is neither tokio:: nor futures::`);
    if (!KINDS.has(c.kind)) throw new Error(`${CURATED_FILE}: ${c.id} has unknown kind ${c.kind}`);
    if (!c.definedIn?.crate || !c.definedIn?.file) throw new Error(`${CURATED_FILE}: ${c.id} needs definedIn { crate, file }`);
    if (c.docUrl) throw new Error(`${CURATED_FILE}: ${c.id} sets docUrl, which is derived from the symbol`);
    if (c.since && Object.keys(c.since).some((k) => k !== 'tokio')) throw new Error(`${CURATED_FILE}: ${c.id} since must be keyed by tokio`);
    if (c.since?.tokio) tokioVersions.add(c.since.tokio);
    const ownerKind = c.kind === 'method' ? byId.get(c.id.slice(0, c.id.lastIndexOf('::')))?.kind ?? 'struct' : undefined;
    const { definedIn, ...facts } = c;
    const entry = { ...facts, docUrl: docsRsUrl(c.id, c.kind, ownerKind, c.kind === 'macro' && definedIn.crate === 'tokio-macros') };
    const fields = Object.keys(facts).filter((k) => k !== 'id');
    entry.provenance = [
      { source: 'curated', file: CURATED_FILE, fields },
      { source: 'docs-rs', fields: ['docUrl'] },
    ];
    return orderEntry(entry);
  });
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    language: 'rust',
    coverage: 'A curated selection of tokio 1.x and futures 0.3 async APIs (tasks, time, sync, channels, macros, runtime, I/O, streams); other crates and unlisted items are not covered.',
    sources: [
      { id: 'curated', name: 'async-expert-mcp curated facts (scripts/catalog/curated/rust.json), checked against the Debian crate sources tokio 1.24.2 and futures 0.3.21 and tokio CHANGELOG.md', version: '1', license: 'project' },
      { id: 'docs-rs', name: 'docs.rs URL scheme (derived from each symbol)', version: 'latest', license: 'project', url: 'https://docs.rs' },
    ],
    // Every minor from 1.0 to the newest "since" claimed, so that any target in that range can be compared.
    versions: { tokio: Array.from({ length: Number([...tokioVersions].sort(compareVersions).at(-1).split('.')[1]) + 1 }, (_, i) => `1.${i}`) },
    entries,
  };
}
