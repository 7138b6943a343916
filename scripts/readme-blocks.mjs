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
  const patterns = renderPatternsTable(registry, (file) =>
    verificationFor(registry, registry.templates.find((t) => t.file === file)).status,
  );

  const { rules } = await dist('review/typescript/rules/index.js');
  const { pythonRules } = await dist('review/python/rules/index.js');
  const byId = new Map();
  for (const r of rules) byId.set(r.meta.id, { ts: r.meta, py: undefined });
  for (const r of pythonRules) byId.set(r.meta.id, { ...(byId.get(r.meta.id) ?? { ts: undefined }), py: r.meta });
  const docs = (id, meta, sub) => (meta ? `[${sub ? 'Python' : 'TS/JS'}](skills/async-expert/rules/${sub}${id}.md)` : '');
  const lines = ['| Rule | TS/JS | Python | Severity | What it finds | Docs |', '| --- | --- | --- | --- | --- | --- |'];
  for (const [id, { ts, py }] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    const severity = [...new Set([ts?.severity, py?.severity].filter(Boolean))].join(' / ');
    const description = (ts ?? py).description.replaceAll('|', '\\|');
    const links = [docs(id, ts, ''), docs(id, py, 'python/')].filter(Boolean).join(', ');
    lines.push(`| \`${id}\` | ${ts ? 'yes' : ''} | ${py ? 'yes' : ''} | ${severity} | ${description} | ${links} |`);
  }
  return { 'patterns-table': patterns, 'rules-index': lines.join('\n') };
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
