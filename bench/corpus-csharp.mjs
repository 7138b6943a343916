#!/usr/bin/env node
// Precision and recall per rule on a labelled C# corpus (default test/corpus/csharp/; label format in
// test/corpus/README.md with `//` comments and an optional first line `// target: dotnet N`), for our reviewer and,
// side by side on the same files, the Roslyn analyzers a careful team would turn on:
//   Microsoft.VisualStudio.Threading.Analyzers 18.12.1, AsyncFixer 2.1.0, Meziantou.Analyzer 3.0.341,
//   the SDK's NetAnalyzers with AnalysisMode=All, and the compiler's CS4014 / CS1998.
//
//   node bench/corpus-csharp.mjs [dir] [--verbose] [--no-anchors]
//
// Needs `npm run build` (ours) and the .NET SDK with NuGet reachable (anchors; skipped with a message otherwise).
// The anchors see every corpus file in one compilation (a throw-away project in the OS temp folder, never in the
// repository) that references the analyzers and, so that their semantic rules see real types, the libraries the
// corpus uses (EF Core, Microsoft.Data.SqlClient, Dapper, logging abstractions). csc reports no analyzer diagnostic
// once the compilation has an error, and corpus files use types from the rest of a project that is not there, so
// bench/anchors-csharp/ runs the analyzers as an IDE does, on the compilation as it is, with every rule of every
// anchor turned on (AnalysisMode=All for all of them). Each diagnostic is attributed to its analyzer by id.
// Matching is the corpus README's: same rule, same line or one off.
//
// Analyzer ids -> our rule ids (a diagnostic matches a label of any id it maps to; unmatched, it counts as a false
// positive of the first). Ids not listed are counted as unmapped and not scored.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadLabelledCorpus, reviewCorpus, runCorpusBench } from './corpus-score.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');

export const RULE_IDS = [
  'async-void', 'sync-over-async', 'blocking-call-in-async', 'floating-promise', 'missing-cancellation', 'missing-timeout',
  'await-in-loop', 'unbounded-concurrency', 'swallowed-error', 'race-condition', 'hallucinated-api', 'too-new-api',
];

const BLOCKING = ['blocking-call-in-async', 'sync-over-async'];
/** Each anchor: a name, which diagnostic ids are its own, and how they map onto our rules. */
export const ANCHORS = [
  {
    name: 'Microsoft.VisualStudio.Threading.Analyzers 18.12.1',
    owns: /^VSTHRD/,
    map: {
      VSTHRD002: ['sync-over-async'], // avoid problematic synchronous waits
      VSTHRD100: ['async-void'], // avoid async void methods
      VSTHRD101: ['async-void'], // avoid unsupported async delegates
      VSTHRD103: BLOCKING, // call async methods when in an async method
      VSTHRD110: ['floating-promise'], // observe result of async calls
    },
  },
  {
    name: 'AsyncFixer 2.1.0',
    owns: /^AsyncFixer/,
    map: {
      AsyncFixer02: BLOCKING, // long-running or blocking operations inside an async method
      AsyncFixer03: ['async-void'], // fire-and-forget async void methods and delegates
      AsyncFixer04: ['floating-promise'], // fire-and-forget async call inside a using block
    },
  },
  {
    name: 'Meziantou.Analyzer 3.0.341',
    owns: /^MA\d/,
    map: {
      MA0032: ['missing-cancellation'], // use an overload with a CancellationToken
      MA0040: ['missing-cancellation'], // forward the CancellationToken parameter
      MA0079: ['missing-cancellation'], // forward the CancellationToken using .WithCancellation()
      MA0080: ['missing-cancellation'], // use a cancellation token using .WithCancellation()
      MA0042: BLOCKING, // do not use blocking calls in an async method
      MA0045: ['sync-over-async', 'blocking-call-in-async'], // do not use blocking calls in a sync method
      MA0134: ['floating-promise'], // observe result of async calls
      MA0147: ['async-void'], // avoid async void method for delegate
      MA0155: ['async-void'], // do not use async void methods
    },
  },
  {
    name: 'NetAnalyzers (SDK, AnalysisMode=All)',
    owns: /^CA\d/,
    map: {
      CA2016: ['missing-cancellation'], // forward the CancellationToken parameter to methods that take one
      CA1849: BLOCKING, // call async methods when in an async method
      CA1031: ['swallowed-error'], // do not catch general exception types
    },
  },
  {
    name: 'compiler CS4014 / CS1998',
    owns: /^CS(4014|1998)$/,
    map: {
      CS4014: ['floating-promise'], // call not awaited
    },
  },
  {
    // Not one of the anchors, shown for honesty: a build also rejects members that do not exist. The anchor
    // compilation targets net10.0 (EF Core 10 needs it), so it cannot see APIs too new for .NET 8.
    name: 'compiler errors CS0117 / CS1061 / CS1739 (net10.0)',
    owns: /^CS(0117|1061|1739)$/,
    map: {
      CS0117: ['hallucinated-api'], // type does not contain a definition
      CS1061: ['hallucinated-api'], // no accessible instance member or extension
      CS1739: ['hallucinated-api'], // no parameter with that name
    },
  },
];

export function loadCorpus(dir) {
  return loadLabelledCorpus(dir, '.cs', (first) => /^\/\/\s*target:\s*dotnet\s+(\d{1,2})\s*$/i.exec(first)?.[1]);
}

async function runOurs(corpus) {
  const modPath = path.join(repoRoot, 'dist', 'review', 'csharp', 'index.js');
  if (!existsSync(modPath)) throw new Error(`${modPath} is missing: run \`npm run build\` first`);
  const { reviewCsharp } = await import(pathToFileURL(modPath).href);
  return reviewCorpus(reviewCsharp, corpus, (e) => ({ code: e.code, language: 'csharp', ...(e.target ? { target: { dotnet: e.target } } : {}) }));
}

const PROJECT = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <EnableNETAnalyzers>true</EnableNETAnalyzers>
    <AnalysisMode>All</AnalysisMode>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);NU1603;NU1608;NU1701</NoWarn>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.VisualStudio.Threading.Analyzers" Version="18.12.1" PrivateAssets="all" />
    <PackageReference Include="AsyncFixer" Version="2.1.0" PrivateAssets="all" />
    <PackageReference Include="Meziantou.Analyzer" Version="3.0.341" PrivateAssets="all" />
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
    <PackageReference Include="Microsoft.Data.SqlClient" Version="7.1.2" />
    <PackageReference Include="Dapper" Version="2.1.86" />
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="11.0.0" />
  </ItemGroup>
  <ItemGroup>
    <Compile Include="src/**/*.cs" />
  </ItemGroup>
</Project>
`;

/** The analyzer assemblies of the anchors (code-fix assemblies and source generators left out). */
const ANCHOR_ASSEMBLIES = /(NetAnalyzers|AsyncFixer|Meziantou\.Analyzer|VisualStudio\.Threading\.Analyzers(\.CSharp)?)\.dll$/;

function dotnet(args, options = {}) {
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0' };
  return spawnSync('dotnet', args, { encoding: 'utf8', env, maxBuffer: 256 << 20, ...options });
}

/**
 * Every diagnostic of the anchors as { id, file, line }. The corpus files are compiled together the way an IDE
 * analyses them (bench/anchors-csharp runs the analyzers on the compilation, errors included): a project restores the
 * analyzer packages and the libraries the corpus uses, MSBuild lists the resolved references and analyzer assemblies,
 * and the host runs every rule of every anchor. Undefined diagnostics (with a reason) when dotnet is missing.
 */
function runAnchors(corpus) {
  if (dotnet(['--version']).status !== 0) return { skipped: 'dotnet not found: install the .NET SDK to score the Roslyn anchors' };
  const dir = mkdtempSync(path.join(tmpdir(), 'async-expert-cs-anchors-'));
  try {
    const started = Date.now();
    writeFileSync(path.join(dir, 'Anchors.csproj'), PROJECT);
    const sources = corpus.map((e) => {
      const to = path.join(dir, 'src', e.file);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, e.code);
      return to;
    });
    const items = dotnet(['msbuild', path.join(dir, 'Anchors.csproj'), '-restore', '-nologo', '-t:ResolveAssemblyReferences', '-getItem:ReferencePath', '-getItem:Analyzer']);
    const json = items.stdout.slice(items.stdout.indexOf('{'));
    if (items.status !== 0 || !json) return { skipped: `restoring the anchor packages failed (exit ${items.status}): ${(items.stdout + items.stderr).slice(0, 400)}` };
    const resolved = JSON.parse(json).Items;
    const request = {
      sources,
      references: resolved.ReferencePath.map((r) => r.FullPath),
      analyzers: resolved.Analyzer.map((a) => a.FullPath).filter((p) => ANCHOR_ASSEMBLIES.test(p)),
    };
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify(request));
    const hostOut = path.join(dir, 'host');
    const build = dotnet(['build', path.join(benchDir, 'anchors-csharp', 'AnchorHost.csproj'), '-nologo', '-v:q', '--artifacts-path', hostOut, '-p:UseSharedCompilation=false']);
    if (build.status !== 0) return { skipped: `building bench/anchors-csharp failed: ${(build.stdout + build.stderr).slice(0, 400)}` };
    const run = dotnet([path.join(hostOut, 'bin', 'AnchorHost', 'debug', 'AnchorHost.dll'), path.join(dir, 'request.json')]);
    if (run.status !== 0) return { skipped: `the analyzer host failed (exit ${run.status}): ${run.stderr.slice(0, 400)}` };
    const out = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .map((d) => ({ ...d, file: path.relative(path.join(dir, 'src'), d.file) }));
    return { diagnostics: out, buildMs: Date.now() - started, analyzers: request.analyzers.map((a) => path.basename(a)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  return runCorpusBench({
    name: 'corpus-csharp',
    defaultDir: path.join(repoRoot, 'test', 'corpus', 'csharp'),
    ruleIds: RULE_IDS,
    load: loadCorpus,
    ours: { title: 'async-expert-mcp (tree-sitter-c-sharp + .NET catalog)', run: runOurs },
    anchors: {
      list: ANCHORS,
      run: (corpus) => {
        const a = runAnchors(corpus);
        return a.skipped ? a : { ...a, header: `anchors: ${a.diagnostics.length} diagnostics from ${a.analyzers.join(', ')} and the compiler, every rule on, in ${Math.round(a.buildMs / 1000)} s` };
      },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
