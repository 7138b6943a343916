import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../../src/templates/contracts.js';
import { loadTemplateRegistry } from '../../../src/templates/registry.js';
import { REPO_ROOT } from '../../helpers/spawn-server.js';
import { loadTemplateScript } from '../../helpers/template-files.js';
import { probeToolchain, skipReason } from '../../helpers/toolchain.js';

// The Python templates against their contracts (templates/contracts), on a virtual-clock event loop, under every
// CPython 3.8+ that scripts/templates/python-runtimes.mjs finds (python3, python3.N on PATH, pyenv's versions), each
// template on the versions at or above its declared minimum. Only python3 is required (Debian 12's 3.11 under CI):
// no registry reachable from CI ships CPython 3.8, 3.9, 3.10, 3.12 or 3.13 for Debian 12, so the other minors run
// when present and their absence is one line, never a failure.

interface ScenarioResult {
  template: string;
  item: string;
  title: string;
  status: 'passed' | 'failed';
  error?: string;
  python: string;
}
interface ScenarioScript {
  runAll(root: string): Promise<{ results: ScenarioResult[]; runtimes: { version: string }[]; libraryMissing: { template: string; why: string }[] }>;
}

const skip = skipReason(probeToolchain('python3'), 'python3');
const registry = loadTemplateRegistry(REPO_ROOT);
const contracts = loadContracts(REPO_ROOT);
// Library variants (templates/python/library/) run the same way, on the interpreters that import their pinned
// packages (Debian's /usr/bin/python3 after apt-get install python3-tenacity); none here is one skip line.
const templates = registry.templates.filter((t) => t.language === 'python');
const { results, runtimes, libraryMissing } =
  skip === undefined
    ? await (await loadTemplateScript<ScenarioScript>('py-scenarios')).runAll(REPO_ROOT)
    : { results: [], runtimes: [], libraryMissing: [] };
for (const { template, why } of libraryMissing) {
  skipReason({ available: false, version: `${template}: ${why}`, install: `apt-get install ${/\(apt-get install ([^)]+)\)/.exec(why)?.[1] ?? 'python3-<package>'}` }, 'library variant contract scenarios');
}
const noInterpreter = new Set(libraryMissing.map((m) => m.template));

/** Minor versions between the oldest declared minimum (3.8) and 3.13 that no interpreter here provides. */
const MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const absent = MINORS.filter((m) => !runtimes.some((r) => r.version.startsWith(`${m}.`)));
if (skip === undefined && absent.length > 0) {
  console.warn(
    `skipped: contract scenarios on CPython ${absent.join(', ')}: not installed (ran on ${runtimes.map((r) => r.version).join(', ')}); ` +
      'install: pyenv install <version> (no registry reachable from CI ships them for Debian 12)',
  );
}

describe.skipIf(skip !== undefined)(`Python template contracts on ${runtimes.map((r) => r.version).join(', ')}`, () => {
  it('every scenario names an item of its pattern contract, and every scenario file loaded', () => {
    const idOf = (file: string): string => file.split('/').pop()!.replace(/\.py$/, '');
    const unknown = results.filter((r) => !contracts[idOf(r.template)]?.items.some((i) => i.id === r.item));
    expect(unknown.map((r) => `${r.template} on ${r.python}: "${r.item}" (${r.title}) ${r.error ?? ''}`)).toEqual([]);
  });

  const cases = templates.flatMap((t) =>
    (contracts[t.header.id]?.items ?? [])
      .filter((item) => !t.header.unmet.some((u) => u.item === item.id))
      .map((item) => [`${t.file} ${t.header.id}/${item.id}`, t.file, item.id] as const),
  );
  it.for(cases)('%s: a scenario exists and passes on every Python at or above the minimum', ([, file, item], ctx) => {
    if (noInterpreter.has(file)) return ctx.skip();
    const mine = results.filter((r) => r.template === file && r.item === item);
    expect(mine.length, 'scenarios for this item').toBeGreaterThan(0);
    expect(mine.filter((r) => r.status !== 'passed').map((r) => `Python ${r.python} ${r.title}: ${r.error}`)).toEqual([]);
  });
});
