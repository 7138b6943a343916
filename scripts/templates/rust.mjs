// Compiles every Rust template, runs its self-check and its contract scenarios, and reports what that established,
// for the template index (templates/verification.json). Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/rust.mjs [rootDir]     prints the records as JSON
//
// The templates are the [[bin]] targets of test/rust/Cargo.toml, built offline against Debian's crate sources
// (test/rust/.cargo/config.toml points crates-io at /usr/share/cargo/registry) with RUSTFLAGS="-D warnings".
// --keep-going builds every binary even when one fails, so each template gets its own verdict. The contract
// scenarios are the integration tests in test/rust/tests/<pattern_id>.rs, one #[test] per contract item named after
// it (templates/contracts/<pattern-id>.json); they run on tokio's paused clock where time matters.
//
// Everything runs twice when Debian's own toolchain is installed (apt: rustc cargo, rustc 1.63 on Debian 12): once
// with the default rustc, once with that one, which is the `rust` minimum the templates declare. Cargo 1.65 cannot
// read the lock file a newer cargo writes, so the second run builds a copy of the project kept under
// test/rust/target/min-toolchain (with a link to templates/), whose own target folder keeps later runs fast.

import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import {
  cap,
  checkRootDir,
  describeFile,
  ending,
  findTemplates,
  firstLine,
  isMain,
  joinAnd,
  readHeader,
  run,
  runCli,
  runPool,
} from './common.mjs';
import { contractItemIds, contractOutcome } from './contract-outcome.mjs';

const DEBIAN_REGISTRY = '/usr/share/cargo/registry';
/**
 * The packages that build templates: the hand-written ones (tokio and futures) and the library-backed variants
 * (templates/rust/library/, which also need tokio-util; apt: librust-tokio-util-dev).
 */
const PROJECTS = [
  { templateDir: 'templates/rust', projectDir: 'test/rust', crates: [] },
  { templateDir: 'templates/rust/library', projectDir: 'test/rust-library', crates: ['tokio-util'] },
];
/** Debian's rustc and cargo packages: rustc 1.63 (cargo 1.65) on Debian 12, the `rust` minimum the headers declare. */
const DEBIAN_TOOLCHAIN = { cargo: '/usr/bin/cargo', rustc: '/usr/bin/rustc' };
const BUILD_TIMEOUT_MS = 20 * 60_000; // a cold build compiles tokio and futures on a shared 2-core machine
const RUN_TIMEOUT_MS = 60_000;
const SCENARIO_TIMEOUT_MS = 120_000; // one test binary: all items of one pattern, a few real-time ones included
const PARALLEL = 2; // the build machines have 2 cores, shared

/**
 * @typedef {object} VerificationRecord
 * @property {string} file        path relative to rootDir, forward slashes (`templates/rust/timeout.rs`)
 * @property {string} id          the header's `id`, or "" when the header has none
 * @property {'executed' | 'compiled' | 'failed' | 'unverified'} status
 * @property {string} toolchain   e.g. "rustc 1.95.0 and 1.63.0, tokio 1.24.2, futures 0.3.21 (Debian)"
 * @property {string} how         the commands and their outcome
 * @property {string} output      compiler errors, or the binary's stdout then stderr, trimmed and capped
 * @property {string} sha256      of the file as built
 * @property {Array<{ versions: Record<string, string>, by: string }>} [ranOn]  every toolchain its code ran on
 * @property {Array<{ tool: string, version: string, target: string }>} [checked]  every compiler that accepted it
 * @property {{ passed: string[], failed: string[], unmet: string[] }} [contract]  outcome per contract item
 */

/**
 * @param {string} rootDir the project root (the folder that holds `templates/` and `test/rust/`)
 * @param {{ cargo?: string, registry?: string, execute?: boolean, minimum?: { cargo: string, rustc: string } | false }} [options]
 *   `cargo`: the cargo command (default `cargo`); `registry`: the directory source the project's
 *   .cargo/config.toml uses (default Debian's); `execute: false` stops after compiling (status "compiled");
 *   `minimum`: the toolchain of the declared minimum (default Debian's /usr/bin/cargo and rustc; false: none).
 * @returns {Promise<VerificationRecord[]>} one record per `templates/rust/*.rs`, sorted by file
 */
export async function verifyAll(rootDir, options = {}) {
  checkRootDir(rootDir);
  const records = [];
  // `only: 'library'` (scripts/verify-templates.mjs --only): just the project of templates/<language>/library.
  const projects = options.only === undefined ? PROJECTS : PROJECTS.filter((p) => p.templateDir.endsWith(`/${options.only}`));
  for (const project of projects) records.push(...(await verifyProject(rootDir, project, options)));
  return records.sort((a, b) => a.file.localeCompare(b.file));
}

async function verifyProject(rootDir, { templateDir, projectDir: projectName, crates: extraCrates }, options) {
  const cargo = options.cargo ?? 'cargo';
  const registry = options.registry ?? DEBIAN_REGISTRY;
  const execute = options.execute ?? true;
  const files = await findTemplates(rootDir, templateDir, '.rs');
  if (files.length === 0) return []; // e.g. no library variants: nothing to build, and the project may be absent
  const described = await Promise.all(
    files.map(async (file) => {
      const d = await describeFile(rootDir, file, '//');
      return { ...d, header: readHeader(await readFile(path.join(rootDir, file), 'utf8'), '//') };
    }),
  );
  const plain = ({ header: _header, ...d }) => d;
  const unverified = (why) => described.map((d) => ({ ...plain(d), status: 'unverified', toolchain: why, how: why, output: '' }));

  const cargoVersion = await firstLine(cargo, ['--version']);
  if (cargoVersion === undefined) return unverified(`${cargo} not found`);
  const rustcVersion = await firstLine('rustc', ['--version']);
  if (rustcVersion === undefined) return unverified('rustc not found');
  if (!existsSync(registry)) return unverified(`${registry} not found (apt: librust-tokio-dev librust-futures-dev)`);
  const vendored = await readdir(registry);
  const absent = extraCrates.filter((crate) => !vendored.some((dir) => dir.startsWith(`${crate}-`)));
  if (absent.length > 0) return unverified(`${absent.join(', ')} not in ${registry} (apt: ${absent.map((c) => `librust-${c}-dev`).join(' ')})`);
  const crateNames = ['tokio', 'futures', ...extraCrates];

  const projectDir = path.join(rootDir, projectName);
  const bins = await binTargets(rootDir, projectDir);
  const runs = [await runToolchain({ cargo, rustc: 'rustc', rustcVersion, projectDir, projectName, crateNames, bins, execute })];

  const minimum = options.minimum ?? DEBIAN_TOOLCHAIN;
  const minimumVersion = minimum && execute ? await firstLine(minimum.rustc, ['--version']) : undefined;
  if (minimum && minimumVersion !== undefined && versionOf(minimumVersion) !== versionOf(rustcVersion)) {
    const copy = await projectCopy(rootDir, projectDir, projectName);
    runs.push(
      await runToolchain({ cargo: minimum.cargo, rustc: minimum.rustc, rustcVersion: minimumVersion, projectDir: copy, projectName, crateNames, bins, execute }),
    );
  }
  const crates = runs[0]?.crates ?? '';
  const toolchain = `rustc ${joinAnd(runs.map((r) => r.rustc))}${crates ? `, ${crates} (Debian)` : ''}`;

  /** @type {VerificationRecord[]} */
  const records = [];
  for (const d of described) {
    records.push(await recordFor(rootDir, d, plain(d), runs, bins.get(d.file), toolchain, execute, projectName));
  }
  return records;
}

/** One template's record from every toolchain run. */
async function recordFor(rootDir, d, base, runs, bin, toolchain, execute, projectName) {
  const record = { ...base, toolchain };
  if (bin === undefined) return { ...record, status: 'unverified', how: `not a [[bin]] in ${projectName}/Cargo.toml`, output: '' };
  const [first] = runs;
  const built = first.executables.get(bin);
  if (built === undefined) {
    const why = first.buildTimedOut ? `timed out after ${BUILD_TIMEOUT_MS / 60_000} min` : 'failed for this binary';
    return { ...record, status: 'failed', how: `${first.buildCommand} ${why}`, output: cap(first.errors.get(bin) ?? first.buildStderr) };
  }
  const checked = runs
    .filter((r) => r.executables.has(bin))
    .map((r) => ({ tool: 'rustc', version: r.rustc, target: `edition 2021 with -D warnings, against ${r.crates || 'the Debian crates'}` }));
  if (!execute) return { ...record, status: 'compiled', how: `${first.buildCommand}: built with no warnings`, output: '', checked };

  const pattern = d.id;
  const items = contractItemIds(rootDir, pattern);
  const unmet = d.header.unmet.map((u) => u.item);
  const ranOn = [];
  /** Every scenario's verdict on every toolchain, as contract-outcome.mjs reads them. */
  const scenarioResults = [];
  const problems = [];
  const outputs = [];
  const steps = [];
  for (const r of runs) {
    // Named as in the header's minimum: rust, and the crates the template declares.
    const crates = Object.entries(r.crateVersions).filter(([name]) => name in d.header.minimum);
    const versions = { rust: r.rustc, ...Object.fromEntries(crates) };
    const on = r.label;
    if (!r.executables.has(bin)) {
      problems.push(`${r.buildCommand} failed for this binary on ${on}`);
      outputs.push(r.errors.get(bin) ?? r.buildStderr);
      continue;
    }
    const selfCheck = r.selfChecks.get(bin);
    const scenarios = r.scenarios.get(pattern);
    if (selfCheck) {
      outputs.push(selfCheck.output);
      if (!selfCheck.ok) problems.push(`target/debug/${bin} ${selfCheck.why} on ${on}`);
    }
    const by = ['its self-check'];
    if (scenarios?.results) {
      for (const [item, ok] of scenarios.results) scenarioResults.push({ item, status: ok ? 'passed' : 'failed', rust: r.rustc });
      const failedTests = [...scenarios.tests].filter(([, ok]) => !ok).map(([name]) => name);
      if (failedTests.length > 0) {
        problems.push(`scenarios ${failedTests.join(', ')} failed on ${on}`);
        outputs.push(scenarios.output);
      }
      by.push(`${scenarios.tests.size} scenario tests (tests/${pattern.replace(/-/g, '_')}.rs)`);
    } else if (scenarios?.error) {
      problems.push(`the scenarios of ${pattern} ${scenarios.error} on ${on}`);
      outputs.push(scenarios.output);
      scenarioResults.push({ item: '', status: 'failed', rust: r.rustc }); // every item counts as failed
    }
    ranOn.push({ versions, by: by.join(' and ') });
    steps.push(`${on}: ${by.join(' and ')}${scenarios?.results ? `, ${[...scenarios.tests.values()].filter(Boolean).length} passed` : ''}`);
  }
  const contract = items.length > 0 ? contractOutcome(items, unmet, scenarioResults) : undefined;
  if (contract && contract.failed.length > 0 && !problems.some((p) => p.startsWith('scenarios'))) {
    problems.push(`contract items without a passing scenario on every run: ${contract.failed.join(', ')}`);
  }
  const commands = `${first.buildCommand} and ${first.testCommand}, then target/debug/${bin} and the scenario binary`;
  const how = problems.length > 0 ? `${commands}: ${problems.join('; ')}` : `${commands}, on ${steps.join('; on ')}`;
  return {
    ...record,
    status: problems.length > 0 ? 'failed' : 'executed',
    how,
    output: cap(outputs.filter(Boolean).join('\n')),
    ranOn,
    checked,
    ...(contract ? { contract } : {}),
  };
}

/**
 * Builds the binaries and the scenario tests with one toolchain, runs every self-check and every scenario binary.
 * @returns {Promise<object>} what that toolchain established, by binary and by pattern
 */
async function runToolchain({ cargo, rustc, rustcVersion, projectDir, projectName, crateNames, bins, execute }) {
  const env = { ...process.env, RUSTFLAGS: '-D warnings', CARGO_TERM_COLOR: 'never', ...(rustc === 'rustc' ? {} : { RUSTC: rustc }) };
  const shownRustc = versionOf(rustcVersion);
  const viaRustc = rustc === 'rustc' ? '' : `RUSTC=${rustc} `;
  const cargoShown = cargo === 'cargo' ? 'cargo' : cargo;
  // --keep-going is stable from cargo 1.74; on older ones (Debian's 1.65) build binary by binary instead, so one
  // failure does not hide the rest.
  const [major, minor] = versionOf((await firstLine(cargo, ['--version'])) ?? '').split('.').map(Number);
  const keepGoing = major > 1 || (major === 1 && minor >= 74);
  const executables = new Map();
  const errors = new Map();
  let buildTimedOut = false;
  let buildStderr = '';
  const buildArgs = ['build', '--offline', '--message-format=json'];
  const builds = keepGoing ? [[...buildArgs, '--bins', '--keep-going']] : [...new Set(bins.values())].map((b) => [...buildArgs, '--bin', b]);
  for (const args of builds) {
    const build = await run(cargo, args, { cwd: projectDir, env, timeoutMs: BUILD_TIMEOUT_MS });
    buildTimedOut ||= build.timedOut;
    buildStderr += build.stderr;
    const messages = readBuildMessages(build.stdout, 'bin');
    for (const [k, v] of messages.executables) executables.set(k, v);
    for (const [k, v] of messages.errors) errors.set(k, v);
  }
  const buildCommand = `${viaRustc}RUSTFLAGS="-D warnings" ${cargoShown} build --offline --bins in ${projectName}`;
  const testCommand = `${viaRustc}${cargoShown} test --offline --test '*'`;
  const { crates, crateVersions } = await describeCrates(projectDir, crateNames);
  const selfChecks = new Map();
  const scenarios = new Map();
  if (execute) {
    const built = [...executables];
    await runPool(built.length, PARALLEL, async (index) => {
      const [bin, executable] = built[index];
      const ran = await run(executable, [], { cwd: projectDir, env: process.env, timeoutMs: RUN_TIMEOUT_MS });
      const output = `${ran.stdout}${ran.stderr}`;
      let why = '';
      if (ran.timedOut) why = `timed out after ${RUN_TIMEOUT_MS / 1000} s`;
      else if (ran.code !== 0) why = ending(ran);
      // Exit 0 but a task panicked and nobody noticed: the self-check is not sound.
      else if (/\bpanicked at\b/.test(ran.stderr)) why = 'exited 0 but a thread panicked';
      selfChecks.set(bin, { ok: why === '', why, output });
    });
    if (existsSync(path.join(projectDir, 'tests'))) await runScenarios(cargo, projectDir, env, scenarios);
  }
  const label = rustc === 'rustc' ? `rustc ${shownRustc}` : `rustc ${shownRustc} (${cargoShown} with RUSTC=${rustc})`;
  return { rustc: shownRustc, label, executables, errors, buildTimedOut, buildStderr, buildCommand, testCommand, selfChecks, scenarios, crates, crateVersions };
}

/** Builds the integration tests (one per pattern) and runs each, reading "test <item> ... ok|FAILED" lines. */
async function runScenarios(cargo, projectDir, env, scenarios) {
  const build = await run(cargo, ['test', '--offline', '--test', '*', '--no-run', '--message-format=json'], {
    cwd: projectDir,
    env,
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  const { executables, errors } = readBuildMessages(build.stdout, 'test');
  for (const [name, rendered] of errors) {
    scenarios.set(name.replace(/_/g, '-'), { error: 'did not compile', output: rendered });
  }
  const tests = [...executables];
  await runPool(tests.length, PARALLEL, async (index) => {
    const [name, executable] = tests[index];
    const pattern = name.replace(/_/g, '-');
    const ran = await run(executable, [], { cwd: projectDir, env: process.env, timeoutMs: SCENARIO_TIMEOUT_MS });
    const results = new Map();
    const outcomes = new Map();
    for (const match of ran.stdout.matchAll(/^test (\w+) \.\.\. (ok|FAILED)$/gm)) {
      const [, test, verdict] = match;
      outcomes.set(test, verdict === 'ok');
      results.set(test.replace(/_/g, '-'), verdict === 'ok');
    }
    const output = `${ran.stdout}${ran.stderr}`;
    if (ran.timedOut) scenarios.set(pattern, { error: `timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`, output });
    else if (outcomes.size === 0) scenarios.set(pattern, { error: `reported no test (${ending(ran)})`, output });
    else scenarios.set(pattern, { results, tests: outcomes, output: ran.code === 0 ? '' : output });
  });
}

/** A copy of the project for a toolchain that cannot share its lock file; `templates` is a link to the real one. */
async function projectCopy(rootDir, projectDir, projectName) {
  const base = path.join(projectDir, 'target', 'min-toolchain');
  const copy = path.join(base, projectName);
  await mkdir(copy, { recursive: true });
  for (const entry of ['Cargo.toml', '.cargo', 'tests']) {
    const from = path.join(projectDir, entry);
    await rm(path.join(copy, entry), { recursive: true, force: true });
    if (existsSync(from)) await cp(from, path.join(copy, entry), { recursive: true });
  }
  const link = path.join(base, 'templates');
  if (!existsSync(link)) await symlink(path.join(rootDir, 'templates'), link, 'dir');
  return copy;
}

/** "rustc 1.95.0 (59807616e 2026-04-14)" -> "1.95.0". */
function versionOf(versionLine) {
  return /\b(\d+\.\d+\.\d+)\b/.exec(versionLine)?.[1] ?? versionLine;
}

/**
 * Maps each template file (relative to the root) to its [[bin]] name, read from Cargo.toml. A small reader for the
 * two keys we write there (name, path), not a TOML parser.
 * @returns {Promise<Map<string, string>>}
 */
async function binTargets(rootDir, projectDir) {
  const toml = await readFile(path.join(projectDir, 'Cargo.toml'), 'utf8');
  const bins = new Map();
  for (const section of toml.split(/^\[\[bin\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    const file = /^path\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    if (name && file) {
      const relative = path.relative(rootDir, path.resolve(projectDir, file));
      bins.set(relative.split(path.sep).join('/'), name);
    }
  }
  return bins;
}

/**
 * Reads cargo's JSON messages: the executable of every target of `kind` (bin, test) that was built, and the
 * rendered compiler errors of each one that was not.
 * @returns {{ executables: Map<string, string>, errors: Map<string, string> }}
 */
function readBuildMessages(stdout, kind) {
  const executables = new Map();
  const errors = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      continue; // cargo only prints JSON here, but a stray line must not hide the rest
    }
    const isKind = Array.isArray(message.target?.kind) && message.target.kind.includes(kind);
    if (!isKind) continue;
    if (message.reason === 'compiler-artifact' && typeof message.executable === 'string') {
      executables.set(message.target.name, message.executable);
    } else if (message.reason === 'compiler-message' && message.message?.level === 'error') {
      const rendered = message.message.rendered ?? message.message.message ?? '';
      errors.set(message.target.name, `${errors.get(message.target.name) ?? ''}${rendered}`);
    }
  }
  return { executables, errors };
}

/** "tokio 1.24.2, futures 0.3.21": the versions the build actually resolved, from its Cargo.lock. */
async function describeCrates(projectDir, names) {
  const lock = path.join(projectDir, 'Cargo.lock');
  if (!existsSync(lock)) return { crates: '', crateVersions: {} };
  const text = await readFile(lock, 'utf8');
  const crateVersions = {};
  for (const name of names) {
    const match = new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`).exec(text);
    if (match) crateVersions[name] = match[1];
  }
  const crates = Object.entries(crateVersions).map(([name, version]) => `${name} ${version}`).join(', ');
  return { crates, crateVersions };
}

if (isMain(import.meta.url)) await runCli(verifyAll);
