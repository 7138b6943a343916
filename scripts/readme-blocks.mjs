// The README's generated blocks, rendered from the code itself (run against dist/: `npm run build` first):
// the pattern table (from templates/ and their verification records) and the rules index (from the rule modules).
// `node scripts/update-readme.mjs` writes them; test/readme.test.ts fails when the README is out of date.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(pathToFileURL(path.join(root, 'dist', p)).href);

export const BLOCKS = ['patterns-table', 'rules-index'];

export async function renderBlocks() {
  const { loadTemplateRegistry, verificationFor } = await dist('templates/registry.js');
  const { renderPatternsTable } = await dist('templates/patterns-table.js');
  const registry = loadTemplateRegistry(root);
  const patterns = renderPatternsTable(registry, (file) => {
    const v = verificationFor(registry, registry.templates.find((t) => t.file === file));
    return v.provenance ? `${v.status} (${v.provenance.replaceAll('|', '/')})` : v.status;
  });

  return { 'patterns-table': patterns, 'rules-index': await renderRulesIndex() };
}

/** One row per rule id, one column per language of the dispatcher (src/review/languages.ts), in its order. */
async function renderRulesIndex() {
  const { LANGUAGE_ENTRIES } = await dist('review/languages.js');
  const languages = await Promise.all(LANGUAGE_ENTRIES.map(async (entry) => ({ entry, reviewer: await entry.load() })));
  /** rule id -> one RuleMeta (or undefined) per language */
  const byId = new Map();
  languages.forEach(({ reviewer }, i) => {
    for (const meta of reviewer.rules) {
      if (!byId.has(meta.id)) byId.set(meta.id, languages.map(() => undefined));
      byId.get(meta.id)[i] = meta;
    }
  });
  const docPath = (uri) => uri.replace(/^skill:\/\/async-expert\//, 'skills/async-expert/');
  const labels = languages.map(({ entry }) => entry.label);
  const lines = [`| Rule | ${labels.join(' | ')} | Severity | What it finds | Docs |`, `| --- | ${labels.map(() => '---').join(' | ')} | --- | --- | --- |`];
  for (const [id, metas] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    const severity = [...new Set(metas.map((m) => m?.severity).filter(Boolean))].join(' / ');
    const description = metas.find(Boolean).description.replaceAll('|', '\\|');
    const links = languages.flatMap(({ entry, reviewer }, i) => (metas[i] ? [`[${entry.label}](${docPath(reviewer.docsUri(id))})`] : [])).join(', ');
    lines.push(`| \`${id}\` | ${metas.map((m) => (m ? 'yes' : '')).join(' | ')} | ${severity} | ${description} | ${links} |`);
  }
  return lines.join('\n');
}

/** Replaces each generated block between its markers; throws when a marker is missing. */
export function applyBlocks(readme, blocks) {
  let out = readme;
  for (const name of BLOCKS) {
    const start = out.indexOf(`<!-- ${name}:start`);
    const startEnd = out.indexOf('-->', start) + 3;
    const end = out.indexOf(`<!-- ${name}:end -->`);
    if (start < 0 || end < startEnd) throw new Error(`README.md lacks the ${name} markers`);
    out = `${out.slice(0, startEnd)}\n${blocks[name]}\n${out.slice(end)}`;
  }
  return out;
}
