// Runs every Python template's self-check and reports what that established, for the template index
// (templates/verification.json). Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/python.mjs [rootDir]     prints the records as JSON
//
// Each template is run as `python3 -X dev -W error <file>`: dev mode turns on asyncio debug mode (slow
// callbacks, never-awaited coroutines, unclosed resources) and -W error makes every warning fatal.
// A library variant (templates/python/library/, header `library: tenacity 8.2.1`) runs on the first interpreter
// that imports the pinned version of its packages: `python3`, else Debian's /usr/bin/python3, which is where
// `apt-get install python3-tenacity` puts it. The record names that interpreter and the package versions.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cap, checkRootDir, describeFile, ending, findTemplates, firstLine, isMain, run, runCli, runPool } from './common.mjs';
import { contractItemIds, contractOutcome, mergeRuns, scenarioRuns, unmetIds } from './contract-outcome.mjs';
import { runAll as runScenarios } from './py-scenarios.mjs';
import { DEBIAN_PYTHON, interpreterWith, libraryPackages } from './python-runtimes.mjs';

// Where library variants find their packages; kept exported here for the tests that import this script.
export { DEBIAN_PYTHON, interpreterWith, libraryPackages };

const TEMPLATE_DIR = 'templates/python';
const TIMEOUT_MS = 60_000;
const PARALLEL = 2; // the build machines have 2 cores, shared

/**
 * @typedef {object} VerificationRecord
 * @property {string} file        path relative to rootDir, forward slashes (`templates/python/timeout.py`)
 * @property {string} id          the header's `id`, or "" when the header has none
 * @property {'executed' | 'failed' | 'unverified'} status
 * @property {string} toolchain   `python3 --version`, e.g. "Python 3.11.7", or why there is none
 * @property {string} how         the command and its outcome
 * @property {string} output      stdout then stderr, trimmed and capped
 * @property {string} sha256      of the file as run
 */

/**
 * @param {string} rootDir the project root (the folder that holds `templates/`)
 * @param {{ python?: string }} [options] `python`: the interpreter command (default `python3`)
 * @returns {Promise<VerificationRecord[]>} one record per `templates/python/**\/*.py`, sorted by file
 */
export async function verifyAll(rootDir, options = {}) {
  checkRootDir(rootDir);
  const python = options.python ?? 'python3';
  const files = await findTemplates(rootDir, TEMPLATE_DIR, '.py', { recursive: true, skipDirs: ['__pycache__'] });
  // Python 2 printed its version on stderr; firstLine reads both streams.
  const version = await firstLine(python, ['--version']);

  if (version === undefined) {
    return Promise.all(
      files.map(async (file) => ({
        ...(await describeFile(rootDir, file, '#')),
        status: /** @type {const} */ ('unverified'),
        toolchain: `${python} not found`,
        how: `${python} not found`,
        output: '',
      })),
    );
  }

  /** @type {VerificationRecord[]} */
  const records = new Array(files.length);
  await runPool(files.length, PARALLEL, async (index) => {
    const file = /** @type {string} */ (files[index]);
    const text = await readFile(path.join(rootDir, file), 'utf8');
    const packages = libraryPackages(text);
    const checked = await grammarCheck(rootDir, file, python, text);
    if (packages.length === 0) {
      const [described, ran] = await Promise.all([describeFile(rootDir, file, '#'), runTwiceIfStalled(rootDir, file, python)]);
      const ranOn = ran.status === 'executed' ? [{ versions: { python: versionOf(version) }, by: 'self-check (-X dev -W error)' }] : [];
      records[index] = { ...described, ...ran, toolchain: version, ranOn, checked };
      return;
    }
    const described = await describeFile(rootDir, file, '#');
    const found = await interpreterWith(packages, [python, DEBIAN_PYTHON]);
    if (found.interpreter === undefined) {
      records[index] = { ...described, status: 'unverified', toolchain: version, how: found.why, output: '' };
      return;
    }
    const ran = await runTwiceIfStalled(rootDir, file, found.interpreter);
    const versions = { python: found.python, ...Object.fromEntries(packages.map((p) => [p.name, p.version])) };
    const ranOn = ran.status === 'executed' ? [{ versions, by: `self-check (-X dev -W error, ${found.interpreter})` }] : [];
    records[index] = { ...described, ...ran, toolchain: found.toolchain, ranOn, checked };
  });
  if (options.scenarios !== false) await addScenarios(rootDir, records);
  return records;
}

const versionOf = (line) => /Python (\S+)/.exec(line)?.[1] ?? line;

/**
 * The grammar check for the header's minimum: `ast.parse(source, feature_version=(3, N))` on the interpreter at
 * hand. It proves the syntax parses as that version's grammar, not that the APIs exist there (only a run does).
 */
async function grammarCheck(rootDir, file, python, text) {
  const minimum = /^# minimum:.*\bpython (\d+)\.(\d+)/m.exec(text);
  if (!minimum) return [];
  const code = `import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), feature_version=(${minimum[1]}, ${minimum[2]})); print(sys.version.split()[0])`;
  const r = await run(python, ['-c', code, file], { cwd: rootDir, env: process.env, timeoutMs: TIMEOUT_MS });
  if (r.code !== 0) return [];
  return [{ tool: 'CPython ast.parse', version: r.stdout.trim(), target: `python ${minimum[1]}.${minimum[2]} grammar (feature_version; syntax only, not API availability)` }];
}

/**
 * Runs the contract scenarios (test/templates/contracts/python) on every CPython found and adds to each record the
 * runs and the contract outcome. A failed scenario makes the record failed: the template breaks its contract.
 */
async function addScenarios(rootDir, records) {
  const { results } = await runScenarios(rootDir);
  for (const record of records) {
    const mine = results.filter((r) => r.template === record.file);
    const text = await readFile(path.join(rootDir, record.file), 'utf8');
    const outcome = contractOutcome(contractItemIds(rootDir, record.id), unmetIds(text, '#'), mine);
    if (!outcome) continue;
    record.contract = outcome;
    // A library variant's scenarios ran with its pinned packages (py-scenarios.mjs checked the versions).
    const packages = mine.find((r) => r.packages)?.packages ?? {};
    const runs = scenarioRuns(mine, 'python', 'python').map((r) => ({ ...r, versions: { ...r.versions, ...packages } }));
    record.ranOn = mergeRuns([...(record.ranOn ?? []), ...runs]);
    const versions = record.ranOn.map((r) => r.versions.python);
    const pins = Object.entries(packages).map(([name, version]) => `, ${name} ${version}`).join('');
    record.toolchain = `Python ${versions.join(', ')}${pins}`;
    record.how = `${record.how}; contract scenarios (virtual-clock event loop): ${outcome.passed.length} items passed, ${outcome.failed.length} failed, ${outcome.unmet.length} declared unmet, on Python ${versions.join(', ')}`;
    if (outcome.failed.length > 0 && record.status === 'executed') {
      record.status = 'failed';
      record.output = mine.filter((r) => r.status !== 'passed').map((r) => `Python ${r.python} ${r.item}: ${r.error}`).join('\n').slice(0, 4000);
    }
  }
}

/**
 * True when stderr holds nothing but asyncio debug-mode "slow callback" warnings ("Executing <Task ...> took
 * 0.101 seconds"). On a loaded machine the OS can pause the process past the 0.1 s threshold; a call that really
 * blocks the loop does so on every run, so one rerun tells the two apart.
 */
export function onlySlowCallbackWarnings(stderr) {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every((line) => /^Executing .* took \d+(?:\.\d+)? seconds$/.test(line.trim()));
}

/** Runs a template, and once more if the only complaint was a slow-callback warning. */
async function runTwiceIfStalled(rootDir, file, python) {
  const first = await runTemplate(rootDir, file, python);
  if (first.status === 'executed' || !first.stalledOnly) return withoutFlag(first);
  const second = withoutFlag(await runTemplate(rootDir, file, python));
  // `how` stays the plain command and outcome (it is what the second run established, and it keeps the committed
  // records stable); the output says that a rerun happened and why.
  const note = `[first run logged only an asyncio slow-callback warning, so it ran again]\n${first.output}`;
  return { ...second, output: cap(`${note}\n[second run]\n${second.output}`) };
}

function withoutFlag({ stalledOnly, ...result }) {
  return result;
}

/** Runs one template; "executed" needs exit code 0 and nothing on stderr. */
async function runTemplate(rootDir, file, python) {
  const command = `${python} -X dev -W error ${file}`;
  const r = await run(python, ['-X', 'dev', '-W', 'error', file], {
    cwd: rootDir,
    // No __pycache__ next to the templates; a known locale so output is comparable between machines.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    timeoutMs: TIMEOUT_MS,
  });
  if (r.startError !== undefined) return { status: 'failed', how: `${command} could not start: ${r.startError}`, output: '' };
  const output = cap(`${r.stdout}${r.stderr}`);
  if (r.timedOut) return { status: 'failed', how: `${command} timed out after ${TIMEOUT_MS / 1000} s`, output };
  if (r.code !== 0) return { status: 'failed', how: `${command} ${ending(r)}`, output };
  if (r.stderr.trim() !== '') {
    const stalledOnly = onlySlowCallbackWarnings(r.stderr);
    return { status: 'failed', how: `${command} exited 0 but wrote to stderr`, output, stalledOnly };
  }
  return { status: 'executed', how: `${command} exited 0`, output };
}

if (isMain(import.meta.url)) await runCli(verifyAll);
