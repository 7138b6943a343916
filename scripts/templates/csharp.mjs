// Compiles every C# template, runs its self-check and its contract scenarios, and reports what that established, for
// the template index (templates/verification.json). Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/csharp.mjs [rootDir]     prints the records as JSON
//
// The templates are compiled by test/csharp (a console project that includes templates/csharp/*.cs) for net8.0,
// against the .NET 8 reference assemblies, and for net10.0, with warnings as errors and the async analyzers on
// (test/csharp/async-analyzers.globalconfig). Each template's SelfCheck then runs from both builds: the net10.0 one
// on the installed runtime, the net8.0 one published self-contained with the .NET 8 runtime pack from NuGet
// (Microsoft.NETCore.App.Runtime.<rid>), so it runs on an exact 8.0.x rather than rolled forward onto 10. When that
// pack cannot be restored, the net8.0 build runs rolled forward (DOTNET_ROLL_FORWARD=Major) and the record says so.
// The contract scenarios (test/csharp/Scenarios, one [Item] method per item of templates/contracts/<id>.json; for
// the library variants test/csharp/LibraryScenarios, with their NuGet packages) run the same two ways. Builds go to
// a scratch --artifacts-path, so they never disturb test/csharp/bin or a test run.
// When some templates fail to compile, the project is rebuilt without them so that every other template still
// gets its own verdict.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cap, checkRootDir, describeFile, ending, findTemplates, firstLine, isMain, run, runCli } from './common.mjs';
import { contractItemIds, contractOutcome, mergeRuns, scenarioRuns, unmetIds } from './contract-outcome.mjs';

/**
 * The projects that compile templates: the hand-written ones (no package references) and the library-backed
 * variants (templates/csharp/library/, NuGet packages pinned to exact versions in their project).
 */
const PROJECTS = [
  {
    templateDir: 'templates/csharp',
    projectDir: 'test/csharp',
    projectName: 'AsyncExpert.Templates.SelfCheck',
    scenarios: { projectDir: 'test/csharp/Scenarios', projectName: 'AsyncExpert.Templates.Scenarios' },
  },
  {
    templateDir: 'templates/csharp/library',
    projectDir: 'test/csharp-library',
    projectName: 'AsyncExpert.Templates.Library.SelfCheck',
    scenarios: { projectDir: 'test/csharp/LibraryScenarios', projectName: 'AsyncExpert.Templates.LibraryScenarios' },
  },
];
const FRAMEWORKS = ['net8.0', 'net10.0'];
/** The target framework whose runtime the SDK does not bring: published self-contained to run on its own runtime. */
const SELF_CONTAINED = 'net8.0';
const SCENARIO_TIMEOUT_MS = 15 * 60_000; // the runner gives each scenario 60 s; 81 take seconds on the fake clock
const BUILD_TIMEOUT_MS = 10 * 60_000; // restore, then two target frameworks with analyzers on a shared 2-core machine
const RUN_TIMEOUT_MS = 120_000; // Program.cs gives each self-check 60 s of its own
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

/**
 * @typedef {object} VerificationRecord
 * @property {string} file        path relative to rootDir, forward slashes (`templates/csharp/timeout.cs`)
 * @property {string} id          the header's `id`, or "" when the header has none
 * @property {'executed' | 'compiled' | 'failed' | 'unverified'} status
 * @property {string} toolchain   e.g. ".NET SDK 10.0.401 (net8.0 reference assemblies 8.0.31), runtimes 8.0.31 and 10.0.12"
 * @property {string} how         the commands and their outcome
 * @property {string} output      compiler errors, or the self-check's stdout then stderr, trimmed and capped
 * @property {string} sha256      of the file as built
 * @property {Array<{ versions: Record<string, string>, by: string }>} [ranOn]  every runtime its code ran on
 * @property {Array<{ tool: string, version: string, target: string }>} [checked]  every compiler that accepted it
 * @property {{ passed: string[], failed: string[], unmet: string[] }} [contract]  outcome per contract item
 */

/**
 * @param {string} rootDir the project root (the folder that holds `templates/` and `test/csharp/`)
 * @param {{ dotnet?: string, execute?: boolean }} [options]
 *   `dotnet`: the dotnet command (default `dotnet`); `execute: false` stops after compiling (status "compiled").
 * @returns {Promise<VerificationRecord[]>} one record per `templates/csharp/*.cs`, sorted by file
 */
export async function verifyAll(rootDir, options = {}) {
  checkRootDir(rootDir);
  const records = [];
  // `only: 'library'` (scripts/verify-templates.mjs --only): just the project of templates/<language>/library.
  const projects = options.only === undefined ? PROJECTS : PROJECTS.filter((p) => p.templateDir.endsWith(`/${options.only}`));
  for (const project of projects) records.push(...(await verifyProject(rootDir, project, options)));
  return records.sort((a, b) => a.file.localeCompare(b.file));
}

async function verifyProject(rootDir, { templateDir: TEMPLATE_DIR, projectDir: PROJECT_DIR, projectName: PROJECT_NAME, scenarios }, options) {
  const dotnet = options.dotnet ?? 'dotnet';
  const execute = options.execute ?? true;
  const files = await findTemplates(rootDir, TEMPLATE_DIR, '.cs');
  const described = await Promise.all(files.map((file) => describeFile(rootDir, file, '//')));
  const all = (status, toolchain, how, output = '') => described.map((d) => ({ ...d, status, toolchain, how, output }));

  const sdkVersion = await firstLine(dotnet, ['--version'], { ...process.env, ...DOTNET_ENV });
  if (sdkVersion === undefined) return all('unverified', `${dotnet} not found`, `${dotnet} not found`);
  const projectDir = path.join(rootDir, PROJECT_DIR);
  if (!existsSync(path.join(projectDir, `${PROJECT_NAME}.csproj`))) {
    return all('unverified', `.NET SDK ${sdkVersion}`, `${PROJECT_DIR}/${PROJECT_NAME}.csproj not found`);
  }
  if (described.length === 0) return [];

  const artifacts = await mkdtemp(path.join(tmpdir(), 'csharp-templates-'));
  try {
    const build = (excluded) => buildProject(dotnet, projectDir, PROJECT_DIR, artifacts, excluded);
    let result = await build([]);
    /** @type {Map<string, string>} template file -> its compiler errors */
    const broken = new Map();
    if (!result.ok) {
      for (const [file, errors] of errorsByTemplate(result.output, rootDir, TEMPLATE_DIR)) broken.set(file, errors);
      // Errors in Program.cs or the project, a restore failure, a timeout: nothing can vouch for any template.
      if (broken.size === 0) {
        return all('unverified', `.NET SDK ${sdkVersion}`, `${result.command} failed outside the templates`, cap(result.output));
      }
      result = await build([...broken.keys()]);
    }
    const described8 = await describeToolchain(dotnet, artifacts, sdkVersion, PROJECT_NAME);
    const rebuildNote = broken.size > 0 ? ` (rebuilt without the ${broken.size} template(s) that failed to compile)` : '';
    const checked = FRAMEWORKS.map((framework) => ({
      tool: '.NET SDK (Roslyn)',
      version: sdkVersion,
      target: `${framework}${framework === 'net8.0' && described8.refPack ? ` reference assemblies ${described8.refPack}` : ''}, C# 12, warnings as errors with the async analyzers`,
    }));
    const hosts = result.ok && execute ? await prepareHosts(dotnet, projectDir, PROJECT_DIR, artifacts, PROJECT_NAME, [...broken.keys()]) : [];
    const scenarioRun = result.ok && execute && scenarios && broken.size === 0 ? await runScenarioProject(dotnet, rootDir, artifacts, scenarios) : undefined;
    const toolchain = describeHosts(described8, hosts);

    /** @type {VerificationRecord[]} */
    const records = [];
    for (const d of described) {
      const base = { ...d, toolchain };
      const errors = broken.get(d.file);
      if (errors !== undefined) {
        records.push({ ...base, status: 'failed', how: `${result.command} reported errors in this file`, output: cap(errors) });
        continue;
      }
      if (!result.ok) {
        records.push({ ...base, status: 'unverified', how: `${result.command} failed${rebuildNote}`, output: cap(result.output) });
        continue;
      }
      const compiled = `${result.command}${rebuildNote}: built for ${FRAMEWORKS.join(' and ')} with warnings as errors`;
      if (!execute) {
        records.push({ ...base, status: 'compiled', how: compiled, output: '', checked });
        continue;
      }
      const selfChecks = await runSelfChecks(hosts, d.id, compiled);
      const record = { ...base, ...selfChecks, checked };
      if (scenarios) await addScenarios(rootDir, record, scenarioRun, scenarios);
      records.push(record);
    }
    return records;
  } finally {
    await rm(artifacts, { recursive: true, force: true });
  }
}

/**
 * How each build runs: the net8.0 one from its self-contained publish (its own runtime pack), or, when that could
 * not be published, rolled forward onto the installed runtime; the net10.0 one on the installed shared runtime.
 * @returns {Promise<Array<{ framework: string, command: string, prefix: string[], env: Record<string, string>, cwd: string, shown: string, dotnet: string, by: string, note?: string }>>}
 */
async function prepareHosts(dotnet, projectDir, PROJECT_DIR, artifacts, name, excluded) {
  const installed = await installedRuntimes(dotnet);
  const hosts = [];
  for (const framework of FRAMEWORKS) {
    const dll = assemblyPath(artifacts, name, framework);
    const major = Number.parseInt(framework.slice(3), 10);
    if (framework === SELF_CONTAINED) {
      const published = await publishSelfContained(dotnet, projectDir, PROJECT_DIR, artifacts, name, framework, excluded);
      if (published.ok) {
        hosts.push({
          framework,
          command: published.executable,
          prefix: [],
          env: {},
          cwd: path.dirname(published.executable),
          shown: `${name} (${framework}, published self-contained with runtime pack ${published.runtime})`,
          dotnet: published.runtime,
          by: `${framework} build, self-contained`,
        });
        continue;
      }
      // The runtime pack could not be restored (no NuGet): run the same build rolled forward, and say so.
      const rolled = rollForwardMajor(installed, major);
      hosts.push({
        framework,
        command: dotnet,
        prefix: [dll],
        env: { DOTNET_ROLL_FORWARD: 'Major' },
        cwd: path.dirname(dll),
        shown: `DOTNET_ROLL_FORWARD=Major dotnet ${name}.dll (${framework})`,
        dotnet: rolled ?? 'unknown',
        by: `${framework} build, rolled forward`,
        note: `${published.command} failed (${published.why}), so the ${framework} build ran rolled forward on runtime ${rolled ?? 'unknown'}`,
      });
      continue;
    }
    const shared = newestOfMajor(installed, major);
    hosts.push({ framework, command: dotnet, prefix: [dll], env: {}, cwd: path.dirname(dll), shown: `dotnet ${name}.dll (${framework})`, dotnet: shared ?? 'unknown', by: `${framework} build` });
  }
  return hosts;
}

/**
 * Runs one template's SelfCheck on every host.
 * @returns {Promise<{ status: VerificationRecord['status'], how: string, output: string, ranOn: VerificationRecord['ranOn'] }>}
 */
async function runSelfChecks(hosts, id, compiled) {
  if (id === '') return { status: 'compiled', how: `${compiled}; no header id, so no self-check to run`, output: '', ranOn: [] };
  const outputs = [];
  const steps = [];
  const ranOn = [];
  for (const host of hosts) {
    const shown = `${host.shown} ${id}`;
    const ran = await run(host.command, [...host.prefix, id], { cwd: host.cwd, env: { ...process.env, ...DOTNET_ENV, ...host.env }, timeoutMs: RUN_TIMEOUT_MS });
    outputs.push(`${ran.stdout}${ran.stderr}`.trim());
    if (ran.timedOut) return { status: 'failed', how: `${compiled}; ${shown} timed out after ${RUN_TIMEOUT_MS / 1000} s`, output: cap(outputs.join('\n')), ranOn };
    if (ran.code === 2 && /Unknown pattern/.test(ran.stderr)) {
      // Compiled, but Program.cs found no AsyncExpert.Patterns.<Id>.SelfCheck for this id.
      return { status: 'compiled', how: `${compiled}; no SelfCheck found for "${id}"`, output: cap(outputs.join('\n')), ranOn: [] };
    }
    if (ran.code !== 0) {
      return { status: 'failed', how: `${compiled}; ${shown} ${ending(ran)}`, output: cap(outputs.join('\n')), ranOn };
    }
    if (!ran.stdout.includes(`PASS ${id} `)) {
      return { status: 'failed', how: `${compiled}; ${shown} exited 0 without reporting PASS`, output: cap(outputs.join('\n')), ranOn };
    }
    steps.push(`${shown} on .NET ${host.dotnet}${host.note ? ` (${host.note})` : ''}`);
    ranOn.push({ versions: { dotnet: host.dotnet }, by: `self-check (${host.by})` });
  }
  return { status: 'executed', how: `${compiled}; then ${steps.join(' and ')}: its self-check passed`, output: cap(outputs.join('\n')), ranOn };
}

/** Publishes one framework's build self-contained; the runtime it carries is read from the published deps.json. */
async function publishSelfContained(dotnet, projectDir, PROJECT_DIR, artifacts, name, framework, excluded) {
  const rid = runtimeIdentifier();
  const command = `dotnet publish ${PROJECT_DIR} -c Release -f ${framework} -r ${rid ?? '<rid>'} --self-contained`;
  if (rid === undefined) return { ok: false, command, why: `no runtime identifier for ${process.platform}-${process.arch}` };
  const out = path.join(artifacts, 'self-contained', name);
  const args = ['publish', projectDir, '-c', 'Release', '-f', framework, '-r', rid, '--self-contained', '-o', out];
  args.push('--artifacts-path', artifacts, '-nologo', '-tl:off', '-clp:NoSummary');
  const exclude = excluded.map((file) => path.posix.join('../..', file)).join(';');
  const r = await run(dotnet, args, { cwd: projectDir, env: { ...process.env, ...DOTNET_ENV, ExcludeTemplates: exclude }, timeoutMs: BUILD_TIMEOUT_MS });
  if (r.timedOut) return { ok: false, command, why: `timed out after ${BUILD_TIMEOUT_MS / 60_000} min` };
  if (r.code !== 0) {
    const firstError = `${r.stdout}${r.stderr}`.split('\n').find((line) => /error/i.test(line))?.trim() ?? ending(r);
    return { ok: false, command, why: firstError.slice(0, 300) };
  }
  const runtime = await runtimePackVersion(path.join(out, `${name}.deps.json`));
  const executable = path.join(out, process.platform === 'win32' ? `${name}.exe` : name);
  if (runtime === undefined || !existsSync(executable)) return { ok: false, command, why: 'the publish folder has no runtime pack or no executable' };
  return { ok: true, command, executable, runtime };
}

/** The runtime identifier of this machine for a self-contained publish (glibc Linux, macOS, Windows). */
function runtimeIdentifier() {
  const os = { linux: 'linux', darwin: 'osx', win32: 'win' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return os && arch ? `${os}-${arch}` : undefined;
}

/** "8.0.31": the Microsoft.NETCore.App runtime pack a self-contained publish copied, from its deps.json. */
async function runtimePackVersion(depsFile) {
  if (!existsSync(depsFile)) return undefined;
  const deps = JSON.parse(await readFile(depsFile, 'utf8'));
  for (const key of Object.keys(deps?.libraries ?? {})) {
    const match = /^runtimepack\.Microsoft\.NETCore\.App\.Runtime\.[^/]+\/(.+)$/.exec(key);
    if (match) return match[1];
  }
  return undefined;
}

/** The Microsoft.NETCore.App versions `dotnet --list-runtimes` shows, oldest first. */
async function installedRuntimes(dotnet) {
  const runtimes = await run(dotnet, ['--list-runtimes'], { cwd: process.cwd(), env: { ...process.env, ...DOTNET_ENV }, timeoutMs: 60_000 });
  return [...runtimes.stdout.matchAll(/^Microsoft\.NETCore\.App (\S+)/gm)].map((m) => m[1] ?? '').sort(compareVersions);
}

const majorOf = (version) => Number.parseInt(version, 10);

/** The runtime an app for `major` runs on by default (same major, newest patch), or undefined. */
function newestOfMajor(installed, major) {
  return installed.filter((v) => majorOf(v) === major).at(-1);
}

/** Where DOTNET_ROLL_FORWARD=Major lands: the requested major if installed, else the lowest higher one; newest patch. */
function rollForwardMajor(installed, major) {
  const target = installed.map(majorOf).filter((m) => m >= major).sort((a, b) => a - b)[0];
  return target === undefined ? undefined : newestOfMajor(installed, target);
}

/**
 * The contract scenarios alone, for the contract test (test/templates/contracts/csharp.test.ts): built in a scratch
 * folder and run on both runtimes as the verifier runs them. `hosts` says how each run was hosted (a `note` when the
 * net8.0 build could not be published self-contained and ran rolled forward).
 * @param {string} rootDir
 * @param {{ dotnet?: string, only?: 'library' }} [options]
 *   `only: 'library'`: the scenarios of the library variants (templates/csharp/library); otherwise the main templates'
 */
export async function runScenarios(rootDir, options = {}) {
  checkRootDir(rootDir);
  const library = options.only === 'library';
  const scenarios = PROJECTS.find((p) => p.templateDir.endsWith('/library') === library)?.scenarios;
  const artifacts = await mkdtemp(path.join(tmpdir(), 'csharp-scenarios-'));
  try {
    return await runScenarioProject(options.dotnet ?? 'dotnet', rootDir, artifacts, scenarios);
  } finally {
    await rm(artifacts, { recursive: true, force: true });
  }
}

/**
 * Builds and runs the contract scenarios (one run per host, as the self-checks) and reads their PASS/FAIL lines.
 * @returns {Promise<{ results: Array<{ pattern: string, item: string, status: 'passed' | 'failed', error?: string, dotnet: string }>, problems: string[], output: string, runtimes: string[], hosts: Array<{ dotnet: string, by: string, note?: string }> } | undefined>}
 */
async function runScenarioProject(dotnet, rootDir, artifacts, { projectDir: SCENARIO_DIR, projectName: name }) {
  const projectDir = path.join(rootDir, SCENARIO_DIR);
  if (!existsSync(path.join(projectDir, `${name}.csproj`))) return undefined;
  const results = [];
  const problems = [];
  const outputs = [];
  const runtimes = [];
  const build = await run(dotnet, ['build', projectDir, '-c', 'Release', '-f', 'net10.0', '--artifacts-path', artifacts, '-nologo', '-tl:off', '-clp:NoSummary'], {
    cwd: projectDir,
    env: { ...process.env, ...DOTNET_ENV },
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  if (build.code !== 0) {
    return { results, problems: [`dotnet build ${SCENARIO_DIR} ${build.timedOut ? 'timed out' : ending(build)}`], output: cap(`${build.stdout}${build.stderr}`), runtimes, hosts: [] };
  }
  const hosts = await prepareHosts(dotnet, projectDir, SCENARIO_DIR, artifacts, name, []);
  for (const host of hosts) {
    const ran = await run(host.command, host.prefix, { cwd: host.cwd, env: { ...process.env, ...DOTNET_ENV, ...host.env }, timeoutMs: SCENARIO_TIMEOUT_MS });
    const runtime = /^runtime (\S+)$/m.exec(ran.stdout)?.[1] ?? host.dotnet;
    let seen = 0;
    for (const match of ran.stdout.matchAll(/^(PASS|FAIL) ([a-z0-9-]+)\/([a-z0-9-]+)(?:: (.*))?/gm)) {
      seen++;
      const [, verdict, pattern, item, error] = match;
      results.push({ pattern, item, status: verdict === 'PASS' ? 'passed' : 'failed', ...(error ? { error } : {}), dotnet: runtime });
    }
    const shown = `${host.shown}${host.note ? ` (${host.note})` : ''}`;
    if (ran.timedOut || seen === 0) {
      problems.push(`${shown} ${ran.timedOut ? `timed out after ${SCENARIO_TIMEOUT_MS / 60_000} min` : `reported no scenario (${ending(ran)})`}`);
      outputs.push(`${ran.stdout}${ran.stderr}`);
      continue;
    }
    runtimes.push(`${runtime} (${host.by})`);
  }
  return { results, problems, output: cap(outputs.join('\n')), runtimes, hosts: hosts.map(({ dotnet: version, by, note }) => ({ dotnet: version, by, ...(note ? { note } : {}) })) };
}

/**
 * Adds a template's scenario runs and contract outcome to its record. A failing scenario, or scenarios that could
 * not run at all, make the record failed: the template does not keep its contract.
 */
async function addScenarios(rootDir, record, scenarioRun, scenarios) {
  if (record.id === '' || record.status !== 'executed') return;
  const items = contractItemIds(rootDir, record.id);
  if (items.length === 0) return;
  const text = await readFile(path.join(rootDir, record.file), 'utf8');
  const unmet = unmetIds(text, '//');
  const mine = (scenarioRun?.results ?? []).filter((r) => r.pattern === record.id);
  // Scenarios that did not build or run: every item counts as failed (contract-outcome.mjs reads item "" so).
  const broken = scenarioRun === undefined || scenarioRun.problems.length > 0;
  const outcome = contractOutcome(items, unmet, broken ? [...mine, { item: '', status: 'failed' }] : mine);
  if (!outcome) return;
  record.contract = outcome;
  record.ranOn = mergeRuns([...(record.ranOn ?? []), ...scenarioRuns(mine, 'dotnet', 'dotnet')]);
  const where = scenarioRun?.runtimes.length ? ` on .NET ${scenarioRun.runtimes.join(' and ')}` : '';
  record.how = `${record.how}; contract scenarios (${scenarios.projectDir}, FakeTimeProvider)${where}: ${outcome.passed.length} items passed, ${outcome.failed.length} failed, ${outcome.unmet.length} declared unmet`;
  if (outcome.failed.length > 0) {
    record.status = 'failed';
    const why = broken ? (scenarioRun?.problems ?? ['the scenario project was not built']).join('; ') : '';
    const failures = mine.filter((r) => r.status !== 'passed').map((r) => `.NET ${r.dotnet} ${r.item}: ${r.error ?? 'failed'}`);
    record.output = cap([why, ...failures, scenarioRun?.output ?? ''].filter(Boolean).join('\n'));
  }
}

/** Builds test/csharp into the scratch artifacts folder, leaving `excluded` templates out. */
async function buildProject(dotnet, projectDir, PROJECT_DIR, artifacts, excluded) {
  const args = ['build', projectDir, '-c', 'Release', '--artifacts-path', artifacts, '-nologo', '-tl:off', '-clp:NoSummary'];
  // Environment variables are MSBuild properties. Passed this way the ';' between paths stays a list separator,
  // which an escaped %3B on the command line would not be. Paths are relative to the project folder.
  const exclude = excluded.map((file) => path.posix.join('../..', file)).join(';');
  const env = { ...process.env, ...DOTNET_ENV, ExcludeTemplates: exclude };
  const r = await run(dotnet, args, { cwd: projectDir, env, timeoutMs: BUILD_TIMEOUT_MS });
  const command = `dotnet build ${PROJECT_DIR} -c Release`;
  const output = `${r.stdout}${r.stderr}`;
  if (r.timedOut) return { ok: false, command, output: `timed out after ${BUILD_TIMEOUT_MS / 60_000} min\n${output}` };
  return { ok: r.code === 0, command, output };
}

/**
 * Groups MSBuild's error lines by the template they point at. Each error is printed once per target framework
 * (and again in a summary), so lines are de-duplicated after dropping the `[project::TargetFramework=...]` tail.
 * @returns {Map<string, string>}
 */
function errorsByTemplate(buildOutput, rootDir, TEMPLATE_DIR) {
  const templateRoot = path.join(rootDir, TEMPLATE_DIR) + path.sep;
  /** @type {Map<string, Set<string>>} */
  const found = new Map();
  for (const line of buildOutput.split('\n')) {
    const match = /^(.+?\.cs)\(\d+,\d+\): error /.exec(line.trim());
    if (!match) continue;
    const file = path.resolve(match[1]);
    if (!file.startsWith(templateRoot)) continue;
    const relative = path.relative(rootDir, file).split(path.sep).join('/');
    const message = line.trim().replace(/\s*\[[^\]]*\]$/, '');
    if (!found.has(relative)) found.set(relative, new Set());
    found.get(relative)?.add(message);
  }
  return new Map([...found].map(([file, lines]) => [file, [...lines].join('\n')]));
}

/** The output folder `dotnet build --artifacts-path` uses for one target framework of a Release build. */
function assemblyPath(artifacts, PROJECT_NAME, framework) {
  return path.join(artifacts, 'bin', PROJECT_NAME, `release_${framework}`, `${PROJECT_NAME}.dll`);
}

/** What the build really used: the SDK, the net8.0 reference pack and the NuGet packages restore resolved. */
async function describeToolchain(dotnet, artifacts, sdkVersion, PROJECT_NAME) {
  let refPack = '';
  let packages = '';
  const assets = path.join(artifacts, 'obj', PROJECT_NAME, 'project.assets.json');
  if (existsSync(assets)) {
    const json = JSON.parse(await readFile(assets, 'utf8'));
    const downloads = json?.project?.frameworks?.['net8.0']?.downloadDependencies ?? [];
    const pack = downloads.find((d) => d?.name === 'Microsoft.NETCore.App.Ref');
    refPack = /\[([^,\]]+)/.exec(pack?.version ?? '')?.[1] ?? '';
    // The NuGet packages the project references directly, at the versions restore resolved.
    const direct = Object.keys(json?.project?.frameworks?.['net8.0']?.dependencies ?? {});
    const resolved = Object.keys(json?.libraries ?? {});
    packages = direct
      .map((name) => resolved.find((key) => key.toLowerCase().startsWith(`${name.toLowerCase()}/`))?.replace('/', ' '))
      .filter(Boolean)
      .join(', ');
  }
  return { sdkVersion, refPack, packages };
}

/** ".NET SDK 10.0.401 (net8.0 reference assemblies 8.0.31), runtimes 8.0.31 and 10.0.12, Polly.Core 8.9.1". */
function describeHosts({ sdkVersion, refPack, packages }, hosts) {
  const refs = refPack ? `net8.0 reference assemblies ${refPack}` : 'net8.0 reference assemblies';
  const runtimes = [...new Set(hosts.map((h) => h.dotnet))];
  const ran = runtimes.length > 0 ? `, runtime${runtimes.length > 1 ? 's' : ''} ${runtimes.join(' and ')}` : '';
  return `.NET SDK ${sdkVersion} (${refs})${ran}${packages ? `, ${packages}` : ''}`;
}

/** Numeric comparison of dotted versions ("10.0.12" > "8.0.31"); a pre-release suffix is ignored. */
function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

if (isMain(import.meta.url)) await runCli(verifyAll);
