// Regenerates the README's pattern table from the templates and their verification records.
// Run after `npm run build` (it uses the compiled src/templates). A test fails when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { loadTemplateRegistry, verificationFor } = await import(path.join(root, 'dist/templates/registry.js'));
const { renderPatternsTable, replaceGeneratedBlock } = await import(path.join(root, 'dist/templates/patterns-table.js'));

const registry = loadTemplateRegistry(root);
const table = renderPatternsTable(registry, (file) => {
  const t = registry.templates.find((x) => x.file === file);
  return verificationFor(registry, t).status;
});
const readmePath = path.join(root, 'README.md');
writeFileSync(readmePath, replaceGeneratedBlock(readFileSync(readmePath, 'utf8'), table));
console.log(`README.md: pattern table updated (${registry.templates.filter((t) => !t.legacy).length} templates)`);
