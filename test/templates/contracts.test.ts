import { describe, expect, it } from 'vitest';
import { loadContracts, parseContractOrThrow } from '../../src/templates/contracts.js';
import { parseTemplateHeaderOrThrow } from '../../src/templates/header.js';
import { loadTemplateRegistry, type SourceLanguage } from '../../src/templates/registry.js';
import { PATTERN_IDS } from '../helpers/template-files.js';
import { REPO_ROOT } from '../helpers/spawn-server.js';

const registry = loadTemplateRegistry(REPO_ROOT);
const contracts = loadContracts(REPO_ROOT);

/** Languages whose verifier reports a contract outcome for every template: all four. */
const CONTRACT_LANGUAGES: readonly SourceLanguage[] = ['python', 'typescript', 'csharp', 'rust'];

describe('pattern contracts (templates/contracts)', () => {
  it('has one contract per pattern id, and nothing else', () => {
    expect(Object.keys(contracts).sort()).toEqual([...PATTERN_IDS].sort());
  });

  it('refuses malformed contracts, naming the file and the problem', () => {
    const ok = { pattern: 'timeout', summary: 's', items: [{ id: 'a-b', title: 't', guarantee: 'g', scenario: 's' }] };
    expect(parseContractOrThrow(ok, 'templates/contracts/timeout.json').items[0]?.id).toBe('a-b');
    expect(() => parseContractOrThrow({ ...ok, pattern: 'x' }, 'templates/contracts/timeout.json')).toThrow(
      /timeout\.json: "pattern" must be "timeout"/,
    );
    const twice = { ...ok, items: [ok.items[0], ok.items[0]] };
    expect(() => parseContractOrThrow(twice, 'templates/contracts/timeout.json')).toThrow(/"a-b" appears twice/);
    const badId = { ...ok, items: [{ ...ok.items[0], id: 'Not_Kebab' }] };
    expect(() => parseContractOrThrow(badId, 'templates/contracts/timeout.json')).toThrow(/kebab-case/);
    const extra = { ...ok, items: [{ ...ok.items[0], why: 'x' }] };
    expect(() => parseContractOrThrow(extra, 'templates/contracts/timeout.json')).toThrow(/unknown key "why"/);
  });

  it('parses unmet declarations in a header and refuses malformed or repeated ones', () => {
    const header = (lines: string[]): string =>
      ['# @pattern', '# id: timeout', '# title: t', '# summary: s', '# minimum: python 3.11', '# apis: a', '# pitfalls: p',
        '# rules: ', '# tags: t', ...lines, '# @end', ''].join('\n');
    const parsed = parseTemplateHeaderOrThrow(header(['# unmet: deadline-shared: no deadline helper here']), '#', 'x.py');
    expect(parsed.unmet).toEqual([{ item: 'deadline-shared', reason: 'no deadline helper here' }]);
    expect(() => parseTemplateHeaderOrThrow(header(['# unmet: no reason']), '#', 'x.py')).toThrow(/unmet must be/);
    expect(() =>
      parseTemplateHeaderOrThrow(header(['# unmet: a-b: one', '# unmet: a-b: two']), '#', 'x.py'),
    ).toThrow(/declared twice/);
  });

  it('every unmet declaration names an item of its pattern contract (checked when the registry loads)', () => {
    for (const t of registry.templates) {
      const ids = new Set(contracts[t.header.id]?.items.map((i) => i.id));
      for (const { item, reason } of t.header.unmet) {
        expect(ids.has(item), `${t.file}: unmet ${item}`).toBe(true);
        expect(reason.length, `${t.file}: unmet ${item} gives a reason`).toBeGreaterThan(10);
      }
    }
  });

  it.each(registry.templates.map((t) => [t.file, t] as const))('%s: its verification record names only items of its contract', (_file, t) => {
    const outcome = registry.verification[t.file]?.contract;
    if (!outcome) return; // languages not yet reporting are checked by the completeness test below
    const ids = new Set(contracts[t.header.id]?.items.map((i) => i.id));
    for (const id of [...outcome.passed, ...outcome.failed, ...outcome.unmet]) expect(ids.has(id), id).toBe(true);
    expect(outcome.unmet.sort()).toEqual(t.header.unmet.map((u) => u.item).sort());
  });

  // Library variants (templates/<language>/library/) are held to the contract like the main templates, in the same
  // harness of their language (the C# Polly variants by test/csharp/LibraryScenarios). None is left out.
  const reporting = registry.templates.filter((t) => CONTRACT_LANGUAGES.includes(t.language));
  it('every library variant has a contract outcome', () => {
    const untested = registry.templates.filter((t) => t.library && !registry.verification[t.file]?.contract).map((t) => t.file);
    expect(untested).toEqual([]);
  });
  it.each(reporting.map((t) => [t.file, t] as const))('%s: every contract item passed or is declared unmet', (_file, t) => {
    const record = registry.verification[t.file];
    expect(record?.sha256, 'the record is for this exact file (run npm run templates:verify)').toBe(t.sha256);
    const outcome = record?.contract;
    expect(outcome, 'the record has a contract outcome').toBeDefined();
    if (!outcome) return;
    expect(outcome.failed).toEqual([]);
    const covered = new Set([...outcome.passed, ...outcome.unmet]);
    const missing = (contracts[t.header.id]?.items ?? []).map((i) => i.id).filter((id) => !covered.has(id));
    expect(missing, 'items without a passing scenario or an unmet declaration').toEqual([]);
  });
});
