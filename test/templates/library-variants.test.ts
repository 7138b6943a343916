// Library-backed template variants (templates/<language>/library/): their headers, how list_patterns and
// get_pattern serve them, that each pinned version is the one the project installs, and, for C# and Rust (whose
// main-template tests build other projects), that their projects build and their self-checks pass. Python and
// TypeScript variants run in test/templates/python.test.ts and test/templates/typescript/library/.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTemplateHeaderOrThrow } from '../../src/templates/header.js';
import { getPattern, listPatterns } from '../../src/templates/patterns.js';
import { loadTemplateRegistry, type TemplateFile } from '../../src/templates/registry.js';
import { firstText, useInMemoryClient } from '../helpers/mcp-client.js';
import { probeToolchain, skipReason, underCI } from '../helpers/toolchain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const registry = loadTemplateRegistry(ROOT);
const libraries = registry.templates.filter((t) => t.library);
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

/** What exists, by design: the patterns where a senior engineer would reach for a library. */
const EXPECTED: ReadonlyArray<[TemplateFile['language'], string, string]> = [
  ['csharp', 'circuit-breaker', 'Polly.Core'],
  ['csharp', 'retry-backoff', 'Polly.Core'],
  ['csharp', 'timeout', 'Polly.Core'],
  ['python', 'retry-backoff', 'tenacity'],
  ['rust', 'graceful-shutdown', 'tokio-util'],
  ['typescript', 'bounded-concurrency', 'p-map'],
  ['typescript', 'retry-backoff', 'p-retry'],
];

describe('library variants: headers', () => {
  it('exist for the expected patterns, each beside a hand-written template of the same id', () => {
    const found = libraries.map((t) => [t.language, t.header.id, t.header.library?.packages[0]?.name]);
    expect(found.sort()).toEqual([...EXPECTED].map((e) => [...e]).sort());
    for (const t of libraries) {
      expect(registry.templates.some((m) => !m.library && !m.legacy && m.language === t.language && m.header.id === t.header.id)).toBe(true);
    }
  });

  it.each(libraries.map((t) => [t.file, t] as const))('%s says when to prefer it and when not, with exact versions', (_file, t) => {
    const lib = t.header.library!;
    expect(lib.packages.length).toBeGreaterThan(0);
    for (const p of lib.packages) expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lib.preferLibrary.length).toBeGreaterThan(80);
    expect(lib.preferHandwritten.length).toBeGreaterThan(80);
    expect(t.header.tags).toContain('library');
    expect(t.header.pitfalls.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses incomplete library metadata, naming what is missing', () => {
    const base = ['# @pattern', '# id: x', '# title: t', '# summary: s', '# minimum: python 3.11', '# apis: a', '# pitfalls: p', '# rules:', '# tags: t'];
    const parse = (extra: string[]) => () => parseTemplateHeaderOrThrow([...base, ...extra, '# @end', ''].join('\n'), '#', 'x.py');
    expect(parse(['# library: tenacity 8.2.1'])).toThrow(/missing: prefer-library, prefer-handwritten/);
    expect(parse(['# library: tenacity', '# prefer-library: a', '# prefer-handwritten: b'])).toThrow(/<package> <exact version>/);
    expect(parse(['# newer: later'])).toThrow(/library variant/);
    expect(parse(['# library: tenacity 8.2.1', '# prefer-library: a', '# prefer-handwritten: b'])().library?.packages).toEqual([
      { name: 'tenacity', version: '8.2.1' },
    ]);
  });

  it('a file under library/ must carry a library header, and only such a file', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'library-registry-'));
    try {
      mkdirSync(path.join(scratch, 'templates/python/library'), { recursive: true });
      const plain = read('templates/python/retry-backoff.py');
      writeFileSync(path.join(scratch, 'templates/python/library/retry-backoff.py'), plain);
      expect(() => loadTemplateRegistry(scratch)).toThrow(/library\/ needs a "library:" header line/);
      rmSync(path.join(scratch, 'templates/python/library/retry-backoff.py'));
      writeFileSync(path.join(scratch, 'templates/python/retry-backoff.py'), read('templates/python/library/retry-backoff.py'));
      expect(() => loadTemplateRegistry(scratch)).toThrow(/only files under library\/ may have/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('library variants: the pinned versions are the installed ones', () => {
  const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
  it.each(libraries.map((t) => [t.file, t] as const))('%s', (_file, t) => {
    for (const { name, version } of t.header.library!.packages) {
      if (t.language === 'typescript') {
        expect(pkg.devDependencies[name], `package.json pins ${name} exactly`).toBe(version);
      } else if (t.language === 'csharp') {
        expect(read('test/csharp-library/AsyncExpert.Templates.Library.SelfCheck.csproj')).toContain(
          `<PackageReference Include="${name}" Version="[${version}]" />`,
        );
      } else if (t.language === 'rust') {
        expect(read('test/rust-library/Cargo.toml')).toMatch(new RegExp(`^${name} = \\{ version = "=${version.replace(/\./g, '\\.')}"`, 'm'));
        expect(read('.ci/run')).toContain(`librust-${name}-dev`);
      } else {
        // Debian's package; scripts/templates/python.mjs checks the installed version against the pin.
        expect(read('.ci/run')).toContain(`python3-${name}`);
      }
    }
  });
});

describe('library variants: served by list_patterns and get_pattern', () => {
  it('list_patterns names the library variants of each pattern, JavaScript derived from TypeScript', () => {
    const retry = listPatterns({}).find((p) => p.id === 'retry-backoff');
    expect(retry?.libraryVariants?.map((v) => `${v.language}: ${v.packages.join(', ')}`).sort()).toEqual([
      'csharp: Polly.Core 8.9.1, Microsoft.Extensions.TimeProvider.Testing 8.10.0',
      'javascript: p-retry 7.1.1',
      'python: tenacity 8.2.1',
      'typescript: p-retry 7.1.1',
    ]);
    expect(listPatterns({}).find((p) => p.id === 'producer-consumer')?.libraryVariants).toBeUndefined();
    expect(listPatterns({ query: 'polly' }).map((p) => p.id).sort()).toEqual(['circuit-breaker', 'retry-backoff', 'timeout']);
  });

  it('get_pattern returns the library variant on request, with its packages and when to prefer each', () => {
    const lib = getPattern({ id: 'retry-backoff', language: 'python', variant: 'library' });
    expect(lib.variant).toBe('library');
    expect(lib.file).toBe('templates/python/library/retry-backoff.py');
    expect(lib.code).toBe(read(lib.file));
    expect(lib.library?.packages).toEqual([{ name: 'tenacity', version: '8.2.1' }]);
    expect(lib.otherVariants).toEqual([{ variant: 'main', preferWhen: lib.library?.preferHandwritten }]);
    const main = getPattern({ id: 'retry-backoff', language: 'python' });
    expect(main.variant).toBe('main');
    expect(main.library).toBeUndefined();
    expect(main.otherVariants).toEqual([{ variant: 'library', packages: ['tenacity 8.2.1'], preferWhen: lib.library?.preferLibrary }]);
    expect(getPattern({ id: 'timeout', language: 'python' }).otherVariants).toEqual([]);
  });

  it('serves the contract outcome of a library variant as for a main template, unmet items with their reasons', async () => {
    const pRetry = getPattern({ id: 'retry-backoff', language: 'typescript', variant: 'library' }).verification;
    expect(pRetry.contract?.failed).toEqual([]);
    expect(pRetry.contract?.passed).toContain('cancel-stops-at-once');
    expect(pRetry.contract?.unmet.map((u) => u.item)).toEqual(['delay-capped-jittered']);
    expect(pRetry.contract?.unmet[0]?.reason).toMatch(/p-retry 7\.1\.1.*calculateDelay/);
    expect(pRetry.provenance).toMatch(/^executed on node .*\b20\.0\.0\b.*; p-retry 7\.1\.1$/);
    const shutdown = getPattern({ id: 'graceful-shutdown', language: 'rust', variant: 'library' }).verification;
    expect(shutdown.contract?.unmet.map((u) => u.item).sort()).toEqual(['hard-exit-fallback', 'second-signal-forces-exit']);
    expect(shutdown.contract?.passed.length).toBe(5);
    const tenacity = getPattern({ id: 'retry-backoff', language: 'python', variant: 'library' }).verification;
    expect(tenacity.contract?.passed.length).toBe(6);
    const text = firstText(await client().callTool({ name: 'get_pattern', arguments: { id: 'retry-backoff', language: 'typescript', variant: 'library' } }));
    expect(text).toMatch(/Not met: delay-capped-jittered: p-retry 7\.1\.1/);
  });

  it('says which library variants exist when asked for one that does not, and names the allowed variants', () => {
    expect(() => getPattern({ id: 'timeout', language: 'python', variant: 'library' })).toThrow(
      /No library variant of "timeout" for python\. Library variants for python: retry-backoff \(tenacity 8\.2\.1\)/,
    );
    expect(() => getPattern({ id: 'timeout', language: 'python', variant: 'libary' as 'library' })).toThrow(/main, library/);
  });

  it('notes a target older than the library variant needs', () => {
    const old = getPattern({ id: 'retry-backoff', language: 'python', variant: 'library', target: { python: '3.10' } });
    expect(old.variant).toBe('library');
    expect(old.targetNotes.join(' ')).toMatch(/needs python 3\.11 \(target: 3\.10\).*variant "main"/);
  });

  const scratch = path.join(ROOT, 'node_modules/.cache/library-variants-js');
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('serves JavaScript transpiled from the TypeScript variant, and that JavaScript runs against the package', async () => {
    const js = getPattern({ id: 'retry-backoff', language: 'javascript', variant: 'library' });
    expect(js.variant).toBe('library');
    expect(js.code).toContain("from 'p-retry'");
    expect(js.code).not.toMatch(/: RetryOptions|interface /);
    // Inside the repository, so that `import 'p-retry'` resolves from node_modules as it would in a project.
    mkdirSync(scratch, { recursive: true });
    const file = path.join(scratch, 'retry-backoff.mjs');
    writeFileSync(file, js.code);
    const mod = (await import(pathToFileURL(file).href)) as {
      retry: (op: (attempt: number) => Promise<string>, o: object) => Promise<string>;
    };
    let calls = 0;
    const value = await mod.retry(
      async (attempt) => {
        calls += 1;
        if (attempt < 2) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        return 'ok';
      },
      { retries: 2, minDelayMs: 1 },
    );
    expect([value, calls]).toEqual(['ok', 2]);
  });

  const client = useInMemoryClient();

  it('the get_pattern tool takes variant and returns library metadata that passes its output schema', async () => {
    const result = await client().callTool({
      name: 'get_pattern',
      arguments: { id: 'circuit-breaker', language: 'csharp', variant: 'library' },
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { variant: string; library: { packages: Array<{ name: string }> } };
    expect(structured.variant).toBe('library');
    expect(structured.library.packages.map((p) => p.name)).toContain('Polly.Core');
    const text = firstText(result);
    expect(text).toMatch(/Library: Polly\.Core 8\.9\.1/);
    expect(text).toMatch(/Prefer the hand-written template \(variant "main"\) when: .*late/);
    const main = await client().callTool({ name: 'get_pattern', arguments: { id: 'circuit-breaker', language: 'csharp' } });
    expect(firstText(main)).toMatch(/Also available: variant "library" \(Polly\.Core 8\.9\.1/);
    const bad = await client().callTool({ name: 'get_pattern', arguments: { id: 'circuit-breaker', language: 'csharp', variant: 'polly' } });
    expect(bad.isError).toBe(true);
    expect(firstText(bad)).toMatch(/main, library/);
  });

  it('the list_patterns tool shows the library variants', async () => {
    const result = await client().callTool({ name: 'list_patterns', arguments: { query: 'shutdown' } });
    expect(firstText(result)).toMatch(/library variants \(variant: "library"\): rust: tokio-util 0\.7\.3/);
  });
});

// --- C# and Rust: build the library projects and run the self-checks ----------------------------------------

const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };
const CSHARP_PROJECT = path.join(ROOT, 'test/csharp-library');
const CSHARP_NAME = 'AsyncExpert.Templates.Library.SelfCheck';
const dotnetSkip = skipReason(probeToolchain('dotnet'), 'dotnet');
const csharpIds = libraries.filter((t) => t.language === 'csharp').map((t) => t.header.id);

describe.skipIf(dotnetSkip !== undefined)('csharp library variants: built with Polly and executed', () => {
  let artifacts = '';
  let build: SpawnSyncReturns<string>;
  beforeAll(() => {
    artifacts = mkdtempSync(path.join(tmpdir(), 'csharp-library-'));
    // NuGet restores the pinned packages here; under CI it is reachable, as .ci/run's own restores show.
    build = spawnSync('dotnet', ['build', CSHARP_PROJECT, '-c', 'Release', '--artifacts-path', artifacts, '-nologo', '-tl:off', '-clp:NoSummary'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 10 * 60_000,
      env: { ...process.env, ...DOTNET_ENV },
    });
  }, 10 * 60_000);
  afterAll(() => {
    if (artifacts) rmSync(artifacts, { recursive: true, force: true });
  });

  it('builds for net8.0 and net10.0 with warnings as errors', () => {
    expect(`${build.stdout}${build.stderr}`).not.toMatch(/: (?:error|warning) /);
    expect(build.status).toBe(0);
  });

  it.each(csharpIds.flatMap((id) => ['net8.0', 'net10.0'].map((f) => [id, f] as const)))('%s self-check passes (%s)', (id, framework) => {
    const dll = path.join(artifacts, 'bin', CSHARP_NAME, `release_${framework}`, `${CSHARP_NAME}.dll`);
    const rollForward = framework === 'net8.0' ? { DOTNET_ROLL_FORWARD: 'Major' } : {};
    const run = spawnSync('dotnet', [dll, id], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...DOTNET_ENV, ...rollForward } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`PASS ${id} `);
    expect(run.status).toBe(0);
  });
});

const RUST_PROJECT = path.join(ROOT, 'test/rust-library');
const REGISTRY = '/usr/share/cargo/registry';
const cargoSkip = skipReason(probeToolchain('cargo'), 'cargo');
/** tokio-util comes from Debian (librust-tokio-util-dev); without it, say what to install (a failure under CI). */
const tokioUtilMissing = !existsSync(REGISTRY) || !readdirSync(REGISTRY).some((d) => d.startsWith('tokio-util-'));
if (tokioUtilMissing && cargoSkip === undefined) {
  if (underCI) throw new Error(`tokio-util is required under CI but ${REGISTRY} has none (apt-get install librust-tokio-util-dev)`);
  console.warn('skipped: rust library variants need tokio-util in /usr/share/cargo/registry (apt-get install librust-tokio-util-dev)');
}
const rustIds = libraries.filter((t) => t.language === 'rust').map((t) => t.header.id);

describe.skipIf(cargoSkip !== undefined || tokioUtilMissing)('rust library variants: built with tokio-util and executed', () => {
  let build: SpawnSyncReturns<string>;
  beforeAll(() => {
    // In place, like test/rust: target/ and Cargo.lock are ignored by git, and a second run reuses the build.
    build = spawnSync('cargo', ['build', '--offline', '--bins'], {
      cwd: RUST_PROJECT,
      encoding: 'utf8',
      timeout: 20 * 60_000,
      env: { ...process.env, RUSTFLAGS: '-D warnings', CARGO_TERM_COLOR: 'never' },
    });
  }, 20 * 60_000);

  it('builds offline with no warnings', () => {
    expect(build.stderr).not.toMatch(/^(?:error|warning)/m);
    expect(build.status).toBe(0);
  });

  it.each(rustIds)('%s self-check passes', (id) => {
    const run = spawnSync(path.join(RUST_PROJECT, 'target/debug', id), [], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/panicked at/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('self-check passed');
  });
});
