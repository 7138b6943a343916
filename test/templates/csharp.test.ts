import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTemplateHeaderOrThrow } from '../../src/templates/header.js';
import { compareVersions } from '../../src/templates/versions.js';
import {
  expectCompleteHeader,
  expectOnePerPatternId,
  listTemplateFiles,
  loadTemplateScript,
  readTemplate,
  templateIdOf,
  type VerificationRecord,
} from '../helpers/template-files.js';
import { probeToolchain, skipReason, underCI } from '../helpers/toolchain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Item ids of templates/contracts/<id>.json. */
function contractItemIds(id: string): string[] {
  const json = JSON.parse(readFileSync(path.join(ROOT, 'templates/contracts', `${id}.json`), 'utf8')) as { items: Array<{ id: string }> };
  return json.items.map((item) => item.id);
}
const TEMPLATE_DIR = 'templates/csharp';
const PROJECT_DIR = path.join(ROOT, 'test/csharp');
const PROJECT_NAME = 'AsyncExpert.Templates.SelfCheck';
const FRAMEWORKS = ['net8.0', 'net10.0'] as const;
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };


/** Every .cs directly under templates/csharp: a new file is picked up by the project's glob and by these tests. */
const files = listTemplateFiles(TEMPLATE_DIR, '.cs');
const idOf = (file: string): string => templateIdOf(file, '.cs');
const read = readTemplate;
const bodyOf = (text: string): string => text.slice(text.indexOf('// @end'));
/** "retry-backoff" -> "RetryBackoff": the namespace suffix Program.cs maps back to the id. */
const pascal = (id: string): string =>
  id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

describe('csharp templates: headers and shape', () => {
  it('has a template for each of the 14 pattern ids, and nothing else', () => {
    expectOnePerPatternId(files, '.cs');
  });

  it.each(files)('%s has a complete header (parsed by src/templates) whose id is the file name', (file) => {
    const { header } = expectCompleteHeader(file, '.cs', '//');
    // The net8.0 build in test/csharp is what proves this floor; C# 12 is pinned there with LangVersion.
    expect(header.minimum).toEqual({ dotnet: '8', csharp: '12' });
    for (const fallback of header.fallbacks) {
      expect(fallback.runtime).toBe('dotnet');
      expect(compareVersions(fallback.version, '8'), 'a fallback covers versions below the minimum').toBeLessThan(0);
    }
  });

  it.each(files)('%s names each declared API in its code', (file) => {
    const text = read(file);
    const body = bodyOf(text);
    const header = parseTemplateHeaderOrThrow(text, '//', file);
    const missing = header.apis.filter((api) => {
      const last = api.split('.').pop() ?? api;
      const name = last.endsWith('Attribute') ? last.slice(0, -'Attribute'.length) : last; // [EnumeratorCancellation]
      return !new RegExp(`\\b${name}\\b`).test(body);
    });
    expect(missing).toEqual([]);
  });

  it.each(files)('%s has its own namespace and a SelfCheck.RunAsync, and silences no analyzer', (file) => {
    const body = bodyOf(read(file));
    expect(body).toContain(`\nnamespace AsyncExpert.Patterns.${pascal(idOf(file))};\n`);
    expect(body).toMatch(/\npublic static class SelfCheck\n\{\n(?: {4}.*\n|\n)*? {4}public static async Task RunAsync\(\)\n/);
    // The analyzers are the point of compiling them: a template may not switch one off.
    expect(body).not.toMatch(/#pragma warning disable|SuppressMessage|#nullable disable/);
    expect(body).not.toMatch(/\bvar\s+\w+\s*=/);
  });

  it('compiles every template through one glob, for net8.0 and net10.0, with warnings as errors', () => {
    const project = readFileSync(path.join(PROJECT_DIR, `${PROJECT_NAME}.csproj`), 'utf8');
    expect(project).toContain('<Compile Include="../../templates/csharp/*.cs"');
    expect(project).toContain('<TargetFrameworks>net8.0;net10.0</TargetFrameworks>');
    expect(project).toContain('<Nullable>enable</Nullable>');
    expect(project).toContain('<TreatWarningsAsErrors>true</TreatWarningsAsErrors>');
    expect(project).toContain('<LangVersion>12</LangVersion>');
    expect(project).not.toMatch(/<PackageReference\b/); // builds offline from the SDK and its targeting packs
    const analyzers = readFileSync(path.join(PROJECT_DIR, 'async-analyzers.globalconfig'), 'utf8');
    for (const rule of ['CA2016', 'CA2012', 'CA1849', 'CA2008', 'CA2025', 'IDE0008']) {
      expect(analyzers).toMatch(new RegExp(`dotnet_diagnostic\\.${rule}\\.severity = warning`));
    }
  });
});

const dotnet = probeToolchain('dotnet');
const skip = skipReason(dotnet, 'dotnet');

const assemblyFor = (framework: string): string => path.join(PROJECT_DIR, 'bin/Release', framework, `${PROJECT_NAME}.dll`);

/** Runs the self-check program of one build; the net8.0 build runs on whatever newer runtime is installed. */
function runProgram(framework: string, args: string[]): SpawnSyncReturns<string> {
  const rollForward = framework === 'net8.0' ? { DOTNET_ROLL_FORWARD: 'Major' } : {};
  return spawnSync('dotnet', [assemblyFor(framework), ...args], {
    cwd: PROJECT_DIR,
    encoding: 'utf8',
    timeout: 120_000, // Program.cs already fails a self-check after 60 s; this only stops a wedged process
    env: { ...process.env, ...DOTNET_ENV, ...rollForward },
  });
}

describe.skipIf(skip !== undefined)('csharp templates: compiled with the async analyzers and executed', () => {
  let build: SpawnSyncReturns<string>;
  beforeAll(() => {
    const started = Date.now();
    build = spawnSync('dotnet', ['build', PROJECT_DIR, '-c', 'Release', '-nologo', '-tl:off', '-clp:NoSummary'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 10 * 60_000,
      env: { ...process.env, ...DOTNET_ENV },
    });
    // A figure for the report, not an assertion.
    console.info(`dotnet build test/csharp -c Release: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 10 * 60_000);

  it('builds every template for net8.0 and net10.0 with no warnings', () => {
    expect(build.error).toBeUndefined();
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
    expect(build.stdout).not.toMatch(/: (warning|error) [A-Z]+\d+/);
  });

  const cases = files.flatMap((file) => FRAMEWORKS.map((framework) => [file, framework] as const));
  it.each(cases)('%s passes its self-check on the %s build', (file, framework) => {
    const result = runProgram(framework, [idOf(file)]);
    expect(result.error).toBeUndefined();
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain(`PASS ${idOf(file)} `);
  });

  it('finds a SelfCheck for every template by its namespace', () => {
    const result = runProgram('net10.0', ['--list']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(files.map(idOf));
  });

  it('rejects an unknown id with exit code 2 and the list of known ids', () => {
    const result = runProgram('net10.0', ['retry-backof']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown pattern "retry-backof". Known: ');
    expect(result.stderr).toContain('retry-backoff');
  });
});

type VerifyAll = (rootDir: string, options?: { dotnet?: string; execute?: boolean }) => Promise<VerificationRecord[]>;

const loadVerifyAll = async (): Promise<VerifyAll> => (await loadTemplateScript<{ verifyAll: VerifyAll }>('csharp')).verifyAll;

describe.skipIf(skip !== undefined)('scripts/templates/csharp.mjs verifyAll', () => {
  // A scratch root with a copy of the real test project and five tiny templates, one per verdict.
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'csharp-verify-'));
    const projectCopy = path.join(scratch, 'test/csharp');
    mkdirSync(projectCopy, { recursive: true });
    for (const name of [`${PROJECT_NAME}.csproj`, 'Program.cs', 'async-analyzers.globalconfig']) {
      copyFileSync(path.join(PROJECT_DIR, name), path.join(projectCopy, name));
    }
    const template = (id: string, namespace: string, usings: string[], body: string): string =>
      [
        '// @pattern',
        `// id: ${id}`,
        '// title: t',
        '// @end',
        '',
        ...usings.map((u) => `using ${u};`),
        '',
        `namespace AsyncExpert.Patterns.${namespace};`,
        '',
        'public static class SelfCheck',
        '{',
        `    public static Task RunAsync()${body}`,
        '}',
        '',
      ].join('\n');
    const sources: Record<string, string> = {
      good: template('good', 'Good', ['System.Threading.Tasks'], ' => Task.CompletedTask;'),
      failing: template(
        'failing',
        'Failing',
        ['System', 'System.Threading.Tasks'],
        ' => Task.FromException(new InvalidOperationException("self-check failed on purpose"));',
      ),
      // A type error: the compiler's own verdict.
      broken: template('broken', 'Broken', ['System.Threading.Tasks'], '\n    {\n        int n = "text";\n        return Task.FromResult(n);\n    }'),
      // Only a warning (CS0219, assigned but never used): TreatWarningsAsErrors must make it a failure.
      warns: template('warns', 'Warns', ['System.Threading.Tasks'], '\n    {\n        int unused = 1;\n        return Task.CompletedTask;\n    }'),
      // Compiles, but its namespace does not match its id, so Program.cs cannot find its self-check.
      orphan: template('orphan', 'Elsewhere', ['System.Threading.Tasks'], ' => Task.CompletedTask;'),
    };
    mkdirSync(path.join(scratch, TEMPLATE_DIR), { recursive: true });
    for (const [id, source] of Object.entries(sources)) writeFileSync(path.join(scratch, TEMPLATE_DIR, `${id}.cs`), source);
  });
  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('gives each file its own verdict: executed, failed at build (error or warning), failed at run, compiled', async () => {
    const records = await (await loadVerifyAll())(scratch);
    const byId = Object.fromEntries(records.map((r) => [r.id, r]));
    expect(records.map((r) => r.file)).toEqual(
      ['broken', 'failing', 'good', 'orphan', 'warns'].map((id) => `${TEMPLATE_DIR}/${id}.cs`),
    );
    expect(byId.good).toMatchObject({ status: 'executed' });
    expect(byId.good?.how).toContain('rebuilt without the 2 template(s) that failed to compile');
    expect(byId.good?.output).toMatch(/^PASS good .*\nPASS good /);
    expect(byId.failing).toMatchObject({ status: 'failed' });
    expect(byId.failing?.how).toContain('exited 1');
    expect(byId.failing?.output).toContain('self-check failed on purpose');
    expect(byId.broken).toMatchObject({ status: 'failed' });
    expect(byId.broken?.output).toContain('error CS0029');
    expect(byId.warns).toMatchObject({ status: 'failed' });
    expect(byId.warns?.output).toContain('error CS0219');
    expect(byId.orphan).toMatchObject({ status: 'compiled' });
    expect(byId.orphan?.how).toContain('no SelfCheck found for "orphan"');
    expect(byId.good?.sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 10 * 60_000);

  it('returns "unverified" for every file when dotnet is missing', async () => {
    const records = await (await loadVerifyAll())(scratch, { dotnet: 'dotnet-that-does-not-exist' });
    expect(records).toHaveLength(5);
    for (const record of records) {
      expect(record).toMatchObject({ status: 'unverified', how: 'dotnet-that-does-not-exist not found' });
    }
  });

  it('records the repository templates as executed on .NET 8.0.x and 10.0.x, their contract scenarios passed', async () => {
    const all = await (await loadVerifyAll())(ROOT);
    // Library variants (templates/csharp/library/) are built by test/csharp-library, with their NuGet packages.
    const records = all.filter((r) => !r.file.startsWith(`${TEMPLATE_DIR}/library/`));
    expect(records.map((r) => r.id)).toEqual(files.map(idOf));
    // The net8.0 builds run self-contained on the .NET 8 runtime pack from NuGet; without NuGet (never under CI, see
    // test/templates/contracts/csharp.test.ts) they run rolled forward and the records say so.
    const selfContained = !all.some((r) => r.how.includes('DOTNET_ROLL_FORWARD=Major'));
    if (underCI) expect(selfContained, 'the .NET 8 runtime pack restores under CI').toBe(true);
    const majors = selfContained ? ['10', '8'] : ['10'];
    for (const record of records) {
      expect(record.status, `${record.file}: ${record.how}\n${record.output}`).toBe('executed');
      expect(record.toolchain).toMatch(
        selfContained
          ? /^\.NET SDK \d+\.\d+\.\d+ \(net8\.0 reference assemblies 8\.0\.\d+\), runtimes 8\.0\.\d+ and 10\.0\.\d+$/
          : /^\.NET SDK \d+\.\d+\.\d+ \(net8\.0 reference assemblies 8\.0\.\d+\), runtime 10\.0\.\d+$/,
      );
      expect([...new Set((record.ranOn ?? []).map((r) => r.versions.dotnet?.split('.')[0]))].sort()).toEqual(majors);
      expect(record.checked?.map((c) => c.target)).toEqual([expect.stringMatching(/^net8\.0 reference assemblies 8\.0\.\d+, C# 12/), expect.stringMatching(/^net10\.0, C# 12/)]);
      expect(record.contract?.failed, record.how).toEqual([]);
      const unmet = record.contract?.unmet ?? [];
      const items = contractItemIds(record.id);
      expect([...(record.contract?.passed ?? []), ...unmet].sort(), 'every item passed or declared unmet').toEqual([...items].sort());
    }
    for (const record of all.filter((r) => r.file.startsWith(`${TEMPLATE_DIR}/library/`))) {
      expect(record.status, `${record.file}: ${record.how}\n${record.output}`).toBe('executed');
      expect(record.toolchain).toMatch(/, Polly\.Core 8\.9\.1/);
      expect(record.how).toContain('dotnet build test/csharp-library');
      expect([...new Set((record.ranOn ?? []).map((r) => r.versions.dotnet?.split('.')[0]))].sort()).toEqual(majors);
      // Held to the contract by test/csharp/LibraryScenarios: every item passed or declared unmet in the header.
      expect(record.how).toContain('contract scenarios (test/csharp/LibraryScenarios, FakeTimeProvider)');
      expect(record.contract?.failed, record.how).toEqual([]);
      const items = contractItemIds(record.id);
      expect([...(record.contract?.passed ?? []), ...(record.contract?.unmet ?? [])].sort(), 'every item passed or declared unmet').toEqual([...items].sort());
      expect(record.contract?.passed.length, 'at least one item holds').toBeGreaterThan(0);
    }
  }, 25 * 60_000); // two projects, each built, published self-contained and run with its scenarios: 590 s at load 13 on 2 cores
});
