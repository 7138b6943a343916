// Compiles and executes every template with its real toolchain and records what was established, with the sha256
// of each file, in templates/verification.json. get_pattern reports a status only while the file still matches.
// Usage: node scripts/verify-templates.mjs [--check] [--only=<folder>] [python typescript csharp rust]
//   --check          verify, compare with the committed records, and exit 1 when they differ (nothing written).
//   --only=<folder>  only the templates under templates/<language>/<folder>/ (`library`, `legacy`): their records
//                    are replaced, every other record is kept. The C# and Rust verifiers then build only that
//                    folder's project (minutes instead of ~8); Python and TypeScript still run everything.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const recordFile = path.join(root, 'templates', 'verification.json');
const LANGUAGES = ['python', 'typescript', 'csharp', 'rust'];

const args = process.argv.slice(2);
const check = args.includes('--check');
const wanted = args.filter((a) => !a.startsWith('--'));
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const FOLDERS = ['library', 'legacy'];
if (only !== undefined && !FOLDERS.includes(only)) {
  console.error(`Unknown folder "${only}" for --only. Allowed: ${FOLDERS.join(', ')}`);
  process.exit(2);
}
for (const l of wanted) {
  if (!LANGUAGES.includes(l)) {
    console.error(`Unknown language "${l}". Allowed: ${LANGUAGES.join(', ')}`);
    process.exit(2);
  }
}
const languages = wanted.length ? wanted : LANGUAGES;

const previous = existsSync(recordFile) ? JSON.parse(readFileSync(recordFile, 'utf8')) : {};
const records = { ...previous };
for (const language of languages) {
  const started = Date.now();
  const { verifyAll } = await import(`./templates/${language}.mjs`);
  const prefix = only === undefined ? `templates/${language}/` : `templates/${language}/${only}/`;
  const results = (await verifyAll(root, only === undefined ? {} : { only })).filter((r) => r.file.startsWith(prefix));
  for (const key of Object.keys(records)) if (key.startsWith(prefix)) delete records[key];
  for (const r of results) {
    const sha256 = createHash('sha256').update(readFileSync(path.join(root, r.file), 'utf8')).digest('hex');
    // Record format: templates/README.md, "Verification records". ranOn/checked/contract are kept when a verifier
    // gives them (every verifier should: they are what get_pattern's "executed on X" is built from).
    records[r.file] = { status: r.status, toolchain: r.toolchain, how: r.how, sha256 };
    for (const key of ['ranOn', 'checked', 'contract']) if (r[key] !== undefined) records[r.file][key] = r[key];
    if (r.status === 'failed') console.error(`FAILED ${r.file}\n${r.output ?? ''}`);
  }
  const counts = results.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  console.log(`${language}: ${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const sorted = Object.fromEntries(Object.entries(records).sort(([a], [b]) => a.localeCompare(b)));
const text = `${JSON.stringify(sorted, null, 2)}\n`;
if (check) {
  const before = existsSync(recordFile) ? readFileSync(recordFile, 'utf8') : '';
  if (before !== text) {
    console.error('templates/verification.json is out of date: run npm run templates:verify');
    process.exit(1);
  }
} else {
  writeFileSync(recordFile, text);
}
const failed = Object.entries(sorted).filter(([, r]) => r.status === 'failed');
process.exit(failed.length ? 1 : 0);
