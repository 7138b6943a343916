// The contract outcome and run list a verifier records for one template (record format: templates/README.md,
// "Verification records"), from the scenario results of scripts/templates/py-scenarios.mjs or ts-scenarios.mjs.
// Build-time only.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Item ids of templates/contracts/<pattern>.json, or [] when the pattern has no contract. */
export function contractItemIds(rootDir, pattern) {
  const file = path.join(rootDir, 'templates/contracts', `${pattern}.json`);
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')).items.map((i) => i.id);
}

/** Item ids a header declares `unmet` (`# unmet: <id>: <reason>` or `// unmet: ...`), in the header block only. */
export function unmetIds(text, commentPrefix) {
  const header = text.slice(0, text.indexOf(`${commentPrefix} @end`) + 1 || undefined);
  const escaped = commentPrefix.replace(/[/]/g, '\\/');
  return [...header.matchAll(new RegExp(`^${escaped} unmet:\\s*([a-z0-9-]+):`, 'gm'))].map((m) => m[1]);
}

/**
 * `{ passed, failed, unmet }` over the contract's items: an item passed when at least one scenario ran for it and
 * every run of every scenario passed; failed when any run failed. Items with no scenario and no unmet declaration
 * are in none of the lists (the completeness test names them). Undefined when no scenario ran for the file.
 */
export function contractOutcome(itemIds, unmet, results) {
  if (results.length === 0) return undefined;
  const passed = [];
  const failed = [];
  for (const id of itemIds) {
    const mine = results.filter((r) => r.item === id);
    if (mine.some((r) => r.status !== 'passed')) failed.push(id);
    else if (mine.length > 0 && !unmet.includes(id)) passed.push(id);
  }
  // A scenario file that failed to load reports item "": the whole outcome is then a failure of every item tested.
  if (results.some((r) => r.item === '')) {
    const all = itemIds.filter((id) => !unmet.includes(id));
    return { passed: [], failed: all, unmet: itemIds.filter((id) => unmet.includes(id)) };
  }
  return { passed, failed, unmet: itemIds.filter((id) => unmet.includes(id)) };
}

/**
 * One `ranOn` entry per runtime version: what ran there, e.g. "self-check; 27 contract scenarios". `runs` is a list
 * of `{ versions, by }`; entries with the same versions are merged, in order of first appearance.
 */
export function mergeRuns(runs) {
  const byKey = new Map();
  for (const r of runs) {
    const key = JSON.stringify(r.versions);
    const entry = byKey.get(key);
    if (entry) entry.by = `${entry.by}; ${r.by}`;
    else byKey.set(key, { versions: r.versions, by: r.by });
  }
  return [...byKey.values()];
}

/** Scenario results grouped into `{ versions, by }` runs, one per runtime version that ran any of them. */
export function scenarioRuns(results, runtime, versionKey) {
  const counts = new Map();
  for (const r of results) counts.set(r[versionKey], (counts.get(r[versionKey]) ?? 0) + 1);
  return [...counts].map(([version, n]) => ({ versions: { [runtime]: version }, by: `${n} contract scenarios` }));
}
