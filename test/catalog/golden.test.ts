import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeInputs, skipReason } from '../helpers/toolchain.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

// Regenerates the JS and Node catalogs from their pinned sources (scripts/sources/inputs.json: Node's doc JSON from
// Debian's nodejs-doc, @types/node, MDN browser-compat-data) and diffs them with the committed JSON (`--check`).
// Part 2's languages have their own golden runs (the same script with their language names).
const skip = skipReason(probeInputs(['nodejs-doc', 'types-node-20', 'types-node-22', 'types-node-24', 'mdn-bcd']), "Node's doc JSON and the JS/Node catalog sources (pinned inputs)");

describe.skipIf(skip !== undefined)('catalog golden files', () => {
  it('javascript and node regenerate byte-identical', () => {
    const r = spawnSync(process.execPath, ['scripts/catalog/build.mjs', '--check', 'javascript', 'node'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    // On failure the output lists the ids that differ: rerun `npm run catalog:build` and review the diff.
    expect(`${r.stdout}${r.stderr}`).toMatch(/javascript: up to date[\s\S]*node: up to date/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('build.mjs helpers', () => {
  it('lists differing ids and rejects a curated clash with derived data', async () => {
    const { differingIds, mergeCurated } = await import('../../scripts/catalog/build.mjs');
    const a = JSON.stringify({ language: 'x', entries: [{ id: 'a', kind: 'function' }, { id: 'b', kind: 'function' }] });
    const b = JSON.stringify({ language: 'x', entries: [{ id: 'a', kind: 'method' }, { id: 'c', kind: 'function' }] });
    expect(differingIds(a, b)).toEqual(['a', 'b', 'c']);
    const file = {
      language: 'javascript', coverage: '', sources: [], versions: {},
      entries: [{ id: 'p', kind: 'function', docUrl: 'https://x', provenance: [] }],
    };
    expect(() => mergeCurated(structuredClone(file), { entries: [{ id: 'p', docUrl: 'https://y' }] })).toThrow(/clashes/);
    const merged = mergeCurated(structuredClone(file), { entries: [{ id: 'p', notes: ['n'] }] });
    expect(merged.entries[0]?.notes).toEqual(['n']);
    expect(merged.entries[0]?.provenance).toEqual([{ source: 'curated', file: 'scripts/catalog/curated/javascript.json', fields: ['notes'] }]);
  });
});
