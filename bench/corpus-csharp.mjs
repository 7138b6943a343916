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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
    // Not one of the issue's anchors, shown for honesty: a build also rejects members that do not exist. The anchor
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

const LABEL = /\/\/\s*expect(-next-line)?:\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)\s*$/;

function parseLabels(code) {
  const out = [];
  const lines = code.split(/\r?\n/);
  lines.forEach((text, i) => {
    const m = LABEL.exec(text);
    if (!m) return;
    const next = m[1] !== undefined && /^\s*\/\//.test(text);
    for (const rule of m[2].split(',').map((s) => s.trim())) out.push({ rule, line: next ? i + 2 : i + 1 });
  });
  return out;
}

export function loadCorpus(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.cs')) files.push(full);
    }
  };
  walk(dir);
  return files.map((full) => {
    const code = readFileSync(full, 'utf8');
    const target = /^\/\/\s*target:\s*dotnet\s+(\d{1,2})\s*$/i.exec(code.split(/\r?\n/)[0] ?? '')?.[1];
    return { file: path.relative(dir, full), full, code, target, labels: parseLabels(code) };
  });
}

/** Exact lines first, then one line off; each label and each finding matches once; same-rule findings on a line merge. */
function matchFile(labels, findings) {
  const seen = new Set();
  const found = findings.filter((f) => {
    const k = `${f.rules.join('|')}:${f.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).map((f) => ({ ...f, matched: false }));
  const free = labels.map((l) => ({ ...l, matched: false }));
  const tp = [];
  for (const tolerance of [0, 1]) {
    for (const l of free) {
      if (l.matched) continue;
      const f = found.find((x) => !x.matched && x.rules.includes(l.rule) && Math.abs(x.line - l.line) <= tolerance);
      if (!f) continue;
      l.matched = true;
      f.matched = true;
      tp.push({ rule: l.rule, line: l.line });
    }
  }
  return { tp, fn: free.filter((l) => !l.matched), fp: found.filter((f) => !f.matched).map((f) => ({ rule: f.rules[0], line: f.line, message: f.message })) };
}

export function score(corpus, findingsByFile) {
  const per = Object.fromEntries(RULE_IDS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  const misses = [];
  for (const e of corpus) {
    const { tp, fp, fn } = matchFile(e.labels, findingsByFile.get(e.file) ?? []);
    for (const x of tp) if (per[x.rule]) per[x.rule].tp++;
    for (const x of fp) { if (per[x.rule]) per[x.rule].fp++; misses.push({ kind: 'fp', file: e.file, ...x }); }
    for (const x of fn) { if (per[x.rule]) per[x.rule].fn++; misses.push({ kind: 'fn', file: e.file, rule: x.rule, line: x.line }); }
  }
  const ratio = (a, b) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
  const perRule = Object.fromEntries(Object.entries(per).map(([r, c]) => [r, { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }]));
  const t = Object.values(per).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return { perRule, overall: { ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) }, misses };
}

async function runOurs(corpus) {
  const modPath = path.join(repoRoot, 'dist', 'review', 'csharp', 'index.js');
  if (!existsSync(modPath)) throw new Error(`${modPath} is missing: run \`npm run build\` first`);
  const { reviewCsharp } = await import(pathToFileURL(modPath).href);
  const out = new Map();
  for (const e of corpus) {
    const r = await reviewCsharp({ code: e.code, language: 'csharp', ...(e.target ? { target: { dotnet: e.target } } : {}) });
    out.set(e.file, r.findings.filter((f) => f.ruleId !== 'syntax-error').map((f) => ({ rules: [f.ruleId], line: f.line, message: f.message })));
  }
  return out;
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

function anchorFindings(corpus, diagnostics, anchor, unmapped) {
  const out = new Map(corpus.map((e) => [e.file, []]));
  for (const d of diagnostics) {
    if (!anchor.owns.test(d.id) || !out.has(d.file)) continue;
    const rules = anchor.map[d.id];
    if (!rules) { unmapped[d.id] = (unmapped[d.id] ?? 0) + 1; continue; }
    out.get(d.file).push({ rules, line: d.line, message: `${d.id}: ${d.message}` });
  }
  return out;
}

function table(name, s) {
  const fmt = (v) => (v === null ? '  -  ' : v.toFixed(3));
  const lines = [`\n${name}`, `${'rule'.padEnd(24)} ${'tp'.padStart(3)} ${'fp'.padStart(3)} ${'fn'.padStart(3)}  precision  recall`];
  for (const [rule, c] of Object.entries(s.perRule)) {
    lines.push(`${rule.padEnd(24)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${fmt(c.precision).padStart(9)}  ${fmt(c.recall).padStart(6)}`);
  }
  const o = s.overall;
  lines.push(`${'overall (micro)'.padEnd(24)} ${String(o.tp).padStart(3)} ${String(o.fp).padStart(3)} ${String(o.fn).padStart(3)}  ${fmt(o.precision).padStart(9)}  ${fmt(o.recall).padStart(6)}`);
  return lines.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(repoRoot, 'test', 'corpus', 'csharp'));
  const corpus = loadCorpus(dir);
  const labels = corpus.reduce((n, e) => n + e.labels.length, 0);
  const clean = corpus.filter((e) => e.labels.length === 0).length;
  console.log(`corpus ${path.relative(repoRoot, dir)}: ${corpus.length} files (${clean} clean), ${labels} labels`);
  const ours = score(corpus, await runOurs(corpus));
  console.log(table('async-expert-mcp (tree-sitter-c-sharp + .NET catalog)', ours));
  if (verbose) for (const m of ours.misses) console.log(`  ours ${m.kind} ${m.file}:${m.line} ${m.rule}${m.message ? ` ${m.message.slice(0, 110)}` : ''}`);
  const result = { corpus: { dir: path.relative(repoRoot, dir), files: corpus.length, clean, labels }, ours, anchors: [] };
  if (!args.includes('--no-anchors')) {
    const a = runAnchors(corpus);
    if (a.skipped) console.log(`\nanchors skipped: ${a.skipped}`);
    else {
      console.log(`\nanchors: ${a.diagnostics.length} diagnostics from ${a.analyzers.join(', ')} and the compiler, every rule on, in ${Math.round(a.buildMs / 1000)} s`);
      for (const anchor of ANCHORS) {
        const unmapped = {};
        const s = score(corpus, anchorFindings(corpus, a.diagnostics, anchor, unmapped));
        console.log(table(anchor.name, s));
        console.log(`  unmapped (not scored): ${JSON.stringify(unmapped)}`);
        if (verbose) for (const m of s.misses.filter((x) => x.kind === 'fp')) console.log(`  ${anchor.name.split(' ')[0]} fp ${m.file}:${m.line} ${m.message?.slice(0, 100)}`);
        result.anchors.push({ name: anchor.name, map: anchor.map, unmapped, ...s });
      }
    }
  }
  const outDir = path.join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `corpus-csharp-${path.basename(dir)}.json`);
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(repoRoot, outFile)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
