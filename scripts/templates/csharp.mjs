// Compiles every C# template and runs its self-check, and reports what that established, for the template index
// (templates/verification.json). Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/csharp.mjs [rootDir]     prints the records as JSON
//
// The templates are compiled by test/csharp (a console project that includes templates/csharp/*.cs) for net8.0,
// against the .NET 8 reference assemblies, and for net10.0, with warnings as errors and the async analyzers on
// (test/csharp/async-analyzers.globalconfig). Each template's SelfCheck then runs from both builds: the net8.0
// one on the installed runtime with DOTNET_ROLL_FORWARD=Major. The build goes to a scratch --artifacts-path, so it
// never disturbs test/csharp/bin or a test run. When some templates fail to compile, the project is rebuilt
// without them so that every other template still gets its own verdict.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cap, checkRootDir, describeFile, ending, findTemplates, firstLine, isMain, run, runCli } from './common.mjs';

/**
 * The projects that compile templates: the hand-written ones (no package references) and the library-backed
 * variants (templates/csharp/library/, NuGet packages pinned to exact versions in their project).
 */
const PROJECTS = [
  { templateDir: 'templates/csharp', projectDir: 'test/csharp', projectName: 'AsyncExpert.Templates.SelfCheck' },
  { templateDir: 'templates/csharp/library', projectDir: 'test/csharp-library', projectName: 'AsyncExpert.Templates.Library.SelfCheck' },
];
const FRAMEWORKS = ['net8.0', 'net10.0'];
const BUILD_TIMEOUT_MS = 10 * 60_000; // restore, then two target frameworks with analyzers on a shared 2-core machine
const RUN_TIMEOUT_MS = 120_000; // Program.cs gives each self-check 60 s of its own
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

/**
 * @typedef {object} VerificationRecord
 * @property {string} file        path relative to rootDir, forward slashes (`templates/csharp/timeout.cs`)
 * @property {string} id          the header's `id`, or "" when the header has none
 * @property {'executed' | 'compiled' | 'failed' | 'unverified'} status
 * @property {string} toolchain   e.g. ".NET SDK 10.0.401 (net8.0 reference assemblies 8.0.31), runtime 10.0.12"
 * @property {string} how         the commands and their outcome
 * @property {string} output      compiler errors, or the self-check's stdout then stderr, trimmed and capped
 * @property {string} sha256      of the file as built
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
  for (const project of PROJECTS) records.push(...(await verifyProject(rootDir, project, options)));
  return records.sort((a, b) => a.file.localeCompare(b.file));
}

async function verifyProject(rootDir, { templateDir: TEMPLATE_DIR, projectDir: PROJECT_DIR, projectName: PROJECT_NAME }, options) {
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
    const toolchain = await describeToolchain(dotnet, artifacts, sdkVersion, PROJECT_NAME);
    const rebuildNote = broken.size > 0 ? ` (rebuilt without the ${broken.size} template(s) that failed to compile)` : '';

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
        records.push({ ...base, status: 'compiled', how: compiled, output: '' });
        continue;
      }
      records.push({ ...base, ...(await runSelfChecks(dotnet, artifacts, PROJECT_NAME, d.id, compiled)) });
    }
    return records;
  } finally {
    await rm(artifacts, { recursive: true, force: true });
  }
}

/**
 * Runs one template's SelfCheck from every target framework's build.
 * @returns {Promise<{ status: VerificationRecord['status'], how: string, output: string }>}
 */
async function runSelfChecks(dotnet, artifacts, PROJECT_NAME, id, compiled) {
  if (id === '') return { status: 'compiled', how: `${compiled}; no header id, so no self-check to run`, output: '' };
  const outputs = [];
  const steps = [];
  for (const framework of FRAMEWORKS) {
    const dll = assemblyPath(artifacts, PROJECT_NAME, framework);
    // The net8.0 build targets .NET 8; only a newer runtime may be installed, hence the roll-forward.
    const env = framework === 'net8.0' ? { DOTNET_ROLL_FORWARD: 'Major' } : {};
    const shown = `${framework === 'net8.0' ? 'DOTNET_ROLL_FORWARD=Major ' : ''}dotnet ${PROJECT_NAME}.dll ${id} (${framework})`;
    const ran = await run(dotnet, [dll, id], { cwd: path.dirname(dll), env: { ...process.env, ...DOTNET_ENV, ...env }, timeoutMs: RUN_TIMEOUT_MS });
    outputs.push(`${ran.stdout}${ran.stderr}`.trim());
    if (ran.timedOut) return { status: 'failed', how: `${compiled}; ${shown} timed out after ${RUN_TIMEOUT_MS / 1000} s`, output: cap(outputs.join('\n')) };
    if (ran.code === 2 && /Unknown pattern/.test(ran.stderr)) {
      // Compiled, but Program.cs found no AsyncExpert.Patterns.<Id>.SelfCheck for this id.
      return { status: 'compiled', how: `${compiled}; no SelfCheck found for "${id}"`, output: cap(outputs.join('\n')) };
    }
    if (ran.code !== 0) {
      return { status: 'failed', how: `${compiled}; ${shown} ${ending(ran)}`, output: cap(outputs.join('\n')) };
    }
    if (!ran.stdout.includes(`PASS ${id} `)) {
      return { status: 'failed', how: `${compiled}; ${shown} exited 0 without reporting PASS`, output: cap(outputs.join('\n')) };
    }
    steps.push(shown);
  }
  return { status: 'executed', how: `${compiled}; then ${steps.join(' and ')}: its self-check passed`, output: cap(outputs.join('\n')) };
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

/** ".NET SDK 10.0.401 (net8.0 reference assemblies 8.0.31), runtime 10.0.12": what the build really used. */
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
  // The newest Microsoft.NETCore.App runtime: the one both builds run on (net8.0 by rolling forward).
  const runtimes = await run(dotnet, ['--list-runtimes'], { cwd: process.cwd(), env: { ...process.env, ...DOTNET_ENV }, timeoutMs: 60_000 });
  const versions = [...runtimes.stdout.matchAll(/^Microsoft\.NETCore\.App (\S+)/gm)].map((m) => m[1] ?? '');
  const runtimeVersion = versions.sort(compareVersions).at(-1);
  const refs = refPack ? `net8.0 reference assemblies ${refPack}` : 'net8.0 reference assemblies';
  return `.NET SDK ${sdkVersion} (${refs})${runtimeVersion ? `, runtime ${runtimeVersion}` : ''}${packages ? `, ${packages}` : ''}`;
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
