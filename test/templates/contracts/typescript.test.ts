import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../../src/templates/contracts.js';
import { loadTemplateRegistry } from '../../../src/templates/registry.js';
import { REPO_ROOT } from '../../helpers/spawn-server.js';
import { loadTemplateScript } from '../../helpers/template-files.js';
import { skipReason } from '../../helpers/toolchain.js';

// The TypeScript templates against their contracts (templates/contracts), on the JavaScript the server serves, under
// every Node that scripts/templates/node-runtimes.mjs finds: the declared minimums (installed by
// `npm run templates:runtimes`), one current LTS release installed the same way, and the Node running vitest.

interface ScenarioResult {
  template: string;
  item: string;
  title: string;
  status: 'passed' | 'failed';
  error?: string;
  node: string;
  variant: string;
}
interface ScenarioScript {
  runAll(root: string): Promise<{
    results: ScenarioResult[];
    runtimes: { version: string }[];
    missing: string[];
    manifest: { template: string; minNode: string }[];
  }>;
}

const registry = loadTemplateRegistry(REPO_ROOT);
const contracts = loadContracts(REPO_ROOT);
// Library variants (templates/typescript/library/) included: they run against the packages in node_modules.
const templates = registry.templates.filter((t) => t.language === 'typescript');
const { results, runtimes, missing, manifest } = await (await loadTemplateScript<ScenarioScript>('ts-scenarios')).runAll(REPO_ROOT);

// The scenarios still run on the Node at hand; the missing minimums are one skip line (a failure under CI).
if (missing.length > 0) {
  const why = `Node ${missing.join(', ')} (declared template minimums and the LTS release) not installed`;
  skipReason({ available: false, version: why, install: 'npm run templates:runtimes' }, 'contract scenarios on the minimum Nodes');
}

describe(`TypeScript template contracts on Node ${runtimes.map((r) => r.version).join(', ')}`, () => {
  it('every scenario names an item of its pattern contract', () => {
    const unknown = results.filter((r) => !contracts[r.template.split('/').pop()!.replace(/\.ts$/, '')]?.items.some((i) => i.id === r.item));
    expect(unknown.map((r) => `${r.template}: "${r.item}" (${r.title})`)).toEqual([]);
  });

  const cases = templates.flatMap((t) =>
    (contracts[t.header.id]?.items ?? [])
      .filter((item) => !t.header.unmet.some((u) => u.item === item.id))
      .map((item) => [`${t.file} ${t.header.id}/${item.id}`, t.file, item.id] as const),
  );
  const newer = (a: string, b: string): boolean => a.localeCompare(b, undefined, { numeric: true }) >= 0;
  /** The template has scenarios, but no Node here is at or above its minimum (the skip line above named them). */
  const noNodeNewEnough = (file: string): boolean => {
    const entries = manifest.filter((e) => e.template === file);
    return entries.length > 0 && !entries.some((e) => runtimes.some((r) => newer(r.version, e.minNode)));
  };
  it.for(cases)('%s: a scenario exists and passes on every Node at or above the minimum', ([, file, item], ctx) => {
    if (noNodeNewEnough(file)) return ctx.skip();
    const mine = results.filter((r) => r.template === file && r.item === item);
    expect(mine.length, 'scenarios for this item').toBeGreaterThan(0);
    const failures = mine.filter((r) => r.status !== 'passed').map((r) => `Node ${r.node} (${r.variant}) ${r.title}: ${r.error}`);
    expect(failures).toEqual([]);
  });

  it('no scenario file failed to load', () => {
    expect(results.filter((r) => r.item === '').map((r) => `${r.template} on ${r.node}: ${r.error}`)).toEqual([]);
  });
});
