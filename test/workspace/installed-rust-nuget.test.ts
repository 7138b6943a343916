// Rust crates at the Cargo.lock versions (vendored and in a fake CARGO_HOME registry) and NuGet packages at the
// referenced versions (a fake NUGET_PACKAGES folder with XML docs), for verify_api and the reviewers; and tsconfig
// `extends` kept inside the root.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBatches, reviewFileBatch } from '../../src/review/paths.js';
import { runVerifyApiInProject } from '../../src/server/tools/verify-api.js';
import { clearNugetCache, nearestTfm, verifyNugetSymbol } from '../../src/workspace/nuget-api.js';
import { makeRoots } from '../../src/workspace/roots.js';
import { clearRustCache, verifyRustSymbol } from '../../src/workspace/rust-api.js';
import { projectTargets } from '../../src/workspace/targets.js';

let base: string;
let rs: string;
let cs: string;
const saved = { CARGO_HOME: process.env.CARGO_HOME, NUGET_PACKAGES: process.env.NUGET_PACKAGES };

function put(path: string, text: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const pkg = (name: string, version: string, extra = '') => `\n[[package]]\nname = "${name}"\nversion = "${version}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n${extra}`;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'installed-rs-cs-')));
  rs = join(base, 'rs');
  cs = join(base, 'cs');
  // A Rust project: one vendored crate, one in the registry, one locked but not on disk.
  process.env.CARGO_HOME = join(base, 'cargo-home');
  put(join(rs, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nfakecrate = "1.2"\nregcrate = "0.3"\nmissing = "1"\nescaped = "1"\n');
  put(join(rs, 'Cargo.lock'), `version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["fakecrate", "regcrate", "missing"]\n${pkg('fakecrate', '1.2.0', 'dependencies = ["regcrate"]\n')}${pkg('regcrate', '0.3.1')}${pkg('missing', '1.0.0')}${pkg('escaped', '1.0.0')}`);
  const v = join(rs, 'vendor', 'fakecrate');
  put(join(v, 'Cargo.toml'), '[package]\nname = "fakecrate"\nversion = "1.2.0"\nedition = "2021"\n');
  put(join(v, 'src/lib.rs'), '#[macro_use]\nmod macros;\npub mod client;\nmod inner;\npub mod gen;\npub use inner::Helper;\npub use regcrate::Thing as RegThing;\npub(crate) fn hidden() {}\ncfg_feature! {\n    pub fn gated() {}\n}\n');
  put(join(v, 'src/macros.rs'), 'macro_rules! cfg_feature {\n    ($($item:item)*) => {\n        $( #[cfg(feature = "x")] $item )*\n    };\n}\n');
  put(join(v, 'src/client.rs'), 'pub struct Client {}\n\nimpl Client {\n    pub fn new() -> Self { Client {} }\n    pub async fn get(&self) {}\n    fn private(&self) {}\n}\n\nimpl std::fmt::Display for Client {\n    fn fmt(&self, f: &mut std::fmt::Formatter<\'_>) -> std::fmt::Result { Ok(()) }\n}\n');
  put(join(v, 'src/inner.rs'), 'pub struct Helper;\nimpl Helper {\n    pub fn assist(&self) {}\n}\n');
  put(join(v, 'src/gen.rs'), 'make_items!();\n\n#[derive(Debug, Serialize)]\npub struct Ser;\n');
  const reg = join(base, 'cargo-home', 'registry', 'src', 'index.crates.io-6f17d22bba15001f', 'regcrate-0.3.1');
  put(join(reg, 'Cargo.toml'), '[package]\nname = "regcrate"\nversion = "0.3.1"\nedition = "2018"\n');
  put(join(reg, 'src/lib.rs'), 'pub struct Thing;\nimpl Thing {\n    pub fn run(&self) {}\n}\n');
  // A vendored folder that is a symlink out of the root is not read.
  put(join(base, 'outside-crate', 'Cargo.toml'), '[package]\nname = "escaped"\nversion = "1.0.0"\n');
  put(join(base, 'outside-crate', 'src/lib.rs'), 'pub fn secret() {}\n');
  symlinkSync(join(base, 'outside-crate'), join(rs, 'vendor', 'escaped'));

  // A .NET project: central versions, a package with XML docs for two TFMs, one without docs, one not restored.
  process.env.NUGET_PACKAGES = join(base, 'nuget');
  put(join(cs, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Acme.Jobs" />\n    <PackageReference Include="NoDocs" Version="1.0.0" />\n    <PackageReference Include="NotRestored" Version="3.0.0" />\n  </ItemGroup>\n</Project>\n');
  put(join(cs, 'Directory.Packages.props'), '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Acme.Jobs" Version="2.1.0" />\n  </ItemGroup>\n</Project>\n');
  const docs = (members: string[]) => `<?xml version="1.0"?>\n<doc>\n  <assembly><name>Acme.Jobs</name></assembly>\n  <members>\n${members.map((m) => `    <member name="${m}"><summary>x</summary></member>`).join('\n')}\n  </members>\n</doc>\n`;
  const jobs = join(base, 'nuget', 'acme.jobs', '2.1.0', 'lib');
  put(join(jobs, 'net6.0', 'Acme.Jobs.xml'), docs([
    'T:Acme.Jobs.JobQueue', 'M:Acme.Jobs.JobQueue.#ctor', 'M:Acme.Jobs.JobQueue.EnqueueAsync(System.String,System.Threading.CancellationToken)',
    'P:Acme.Jobs.JobQueue.Count', 'T:Acme.Jobs.JobQueueExtensions', 'M:Acme.Jobs.JobQueueExtensions.DrainAsync(Acme.Jobs.JobQueue)',
    'T:Acme.Jobs.Worker', 'M:Acme.Jobs.Worker.StopAsync',
  ]));
  // Metadata names as the #Strings heap stores them: NUL-terminated; `Pause` is public but undocumented.
  put(join(jobs, 'net6.0', 'Acme.Jobs.dll'), Buffer.from('MZ\u0000JobQueue\u0000EnqueueAsync\u0000Count\u0000Pause\u0000DrainAsync\u0000Worker\u0000StopAsync\u0000', 'utf8'));
  put(join(jobs, 'netstandard2.0', 'Acme.Jobs.xml'), docs(['T:Acme.Jobs.JobQueue', 'M:Acme.Jobs.JobQueue.LegacyOnly']));
  put(join(base, 'nuget', 'nodocs', '1.0.0', 'lib', 'net8.0', 'NoDocs.dll'), Buffer.from('MZ\u0000Thing\u0000', 'utf8'));
  clearRustCache();
  clearNugetCache();
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  clearRustCache();
  clearNugetCache();
  rmSync(base, { recursive: true, force: true });
});

const rust = (symbol: string) => verifyRustSymbol({ symbol, from: rs, stopAt: rs });
const nuget = (symbol: string) => verifyNugetSymbol({ symbol, from: cs, stopAt: cs });

describe('Rust crates at the Cargo.lock versions', () => {
  it('finds public items, methods, re-exports and pass-through macro items, with crate, version and file', async () => {
    const v = await rust('fakecrate::client::Client::get');
    expect(v).toMatchObject({ status: 'verified', symbol: 'fakecrate::client::Client::get', package: { name: 'fakecrate', version: '1.2.0' } });
    expect(v!.provenance![0]!.file).toBe('vendor/fakecrate/src/client.rs');
    expect((await rust('fakecrate::Helper::assist'))!.status).toBe('verified'); // `pub use inner::Helper`
    expect((await rust('fakecrate::client::Client::fmt'))!.status).toBe('verified'); // from `impl Display`
    expect(await rust('fakecrate::gated')).toMatchObject({ status: 'verified', notes: [expect.stringMatching(/cfg\(feature = "x"\)/)] });
    // A re-export from another locked crate is answered from that crate, read from the registry.
    const re = await rust('fakecrate::RegThing::run');
    expect(re).toMatchObject({ status: 'verified', package: { name: 'regcrate', version: '0.3.1' }, via: expect.stringMatching(/re-exported by fakecrate 1\.2\.0/) });
    expect(re!.provenance![0]!.file).toBe(join(base, 'cargo-home/registry/src/index.crates.io-6f17d22bba15001f/regcrate-0.3.1/src/lib.rs'));
  });

  it('answers not_found with suggestions from the crate, for missing and private names', async () => {
    expect(await rust('fakecrate::client::Client::gett')).toMatchObject({ status: 'not_found', package: { name: 'fakecrate', version: '1.2.0' }, suggestions: ['fakecrate::client::Client::get'] });
    expect(await rust('fakecrate::client::Client::private')).toMatchObject({ status: 'not_found' });
    expect(await rust('fakecrate::hidden')).toMatchObject({ status: 'not_found', reason: expect.stringMatching(/private `hidden`/) });
    expect(await rust('regcrate::Thing::walk')).toMatchObject({ status: 'not_found', package: { name: 'regcrate', version: '0.3.1' } });
  });

  it('answers cannot_verify where a macro could add the name, or the crate is not on disk', async () => {
    expect(await rust('fakecrate::gen::anything')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/make_items!/) });
    expect(await rust('fakecrate::gen::Ser::to_json')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/derives `Serialize`/) });
    expect(await rust('missing::thing')).toMatchObject({ status: 'cannot_verify', package: { name: 'missing', version: '1.0.0' }, reason: expect.stringMatching(/cargo fetch.*cargo vendor/) });
    // vendor/escaped is a symlink out of the root: not read, and the registry has no copy.
    expect(await rust('escaped::secret')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/not on disk/) });
  });

  it('leaves std, unknown crates and relative paths to the catalog', async () => {
    expect(await rust('std::sync::Mutex')).toBeUndefined();
    expect(await rust('serde::Serialize')).toBeUndefined();
    expect(await rust('crate::x')).toBeUndefined();
  });
});

describe('NuGet packages at the referenced versions', () => {
  it('picks the TFM folder nearest the project', () => {
    expect(nearestTfm(['net462', 'netstandard2.0', 'net6.0', 'net10.0'], 'net8.0')).toBe('net6.0');
    expect(nearestTfm(['net462', 'netstandard2.0'], 'net8.0')).toBe('netstandard2.0');
    expect(nearestTfm(['net462', 'netstandard2.0', 'net6.0'], 'net48')).toBe('net462');
  });

  it('finds documented members and extension methods, with package, version and XML file', () => {
    const v = nuget('Acme.Jobs.JobQueue.EnqueueAsync');
    expect(v).toMatchObject({ status: 'verified', kind: 'method', package: { name: 'Acme.Jobs', version: '2.1.0' } });
    expect(v!.provenance![0]!.file).toBe(join(base, 'nuget/acme.jobs/2.1.0/lib/net6.0/Acme.Jobs.xml'));
    expect(nuget('Acme.Jobs.JobQueue.Count')).toMatchObject({ status: 'verified', kind: 'property' });
    expect(nuget('Acme.Jobs.JobQueue.DrainAsync')).toMatchObject({ status: 'verified', via: 'extension method Acme.Jobs.JobQueueExtensions.DrainAsync' });
  });

  it('answers not_found only when neither the docs nor the assembly names it, with suggestions', () => {
    expect(nuget('Acme.Jobs.JobQueue.EnqueueAsyncc')).toMatchObject({ status: 'not_found', suggestions: ['Acme.Jobs.JobQueue.EnqueueAsync'], reason: expect.stringMatching(/net6\.0/) });
    expect(nuget('Acme.Jobs.JobQueue.LegacyOnly')!.status).toBe('not_found'); // only in the netstandard2.0 docs
  });

  it('answers cannot_verify when absence is not proven, docs are missing, or the package is not restored', () => {
    expect(nuget('Acme.Jobs.JobQueue.Pause')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/assembly metadata/) });
    expect(nuget('Acme.Jobs.JobQueue.StopAsync')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/Worker documents a `StopAsync`.*inherit/) });
    expect(nuget('Acme.Jobs.JobQueu')).toMatchObject({ status: 'cannot_verify', suggestions: ['Acme.Jobs.JobQueue'] });
    expect(nuget('NoDocs.Thing.Go')).toMatchObject({ status: 'cannot_verify', package: { name: 'NoDocs', version: '1.0.0' }, reason: expect.stringMatching(/no XML documentation/) });
    expect(nuget('NotRestored.Client.Go')).toMatchObject({ status: 'cannot_verify', reason: expect.stringMatching(/dotnet restore/) });
    expect(nuget('System.Threading.Tasks.Task.WhenAll')).toBeUndefined();
  });
});

describe('verify_api and the reviewers in a Rust or .NET project', () => {
  it('verify_api answers crate and package symbols from the project, the rest from the catalog', async () => {
    const roots = makeRoots([base], 'cli');
    const r = await runVerifyApiInProject({ language: 'rust', symbols: ['fakecrate::client::Client::gett', 'tokio::time::sleep'], project: 'rs' }, roots);
    expect('results' in r && r.results[0]).toMatchObject({ status: 'not_found', package: { name: 'fakecrate', version: '1.2.0' } });
    expect('results' in r && r.results[1]!.status).toBe('verified');
    const c = await runVerifyApiInProject({ language: 'csharp', symbol: 'Acme.Jobs.JobQueue.EnqueueAsyncc', project: 'cs/App.csproj' }, roots);
    expect(c).toMatchObject({ status: 'not_found', package: { name: 'Acme.Jobs', version: '2.1.0' } });
    await expect(runVerifyApiInProject({ language: 'rust', symbol: 'x::y', project: '../..' }, roots)).rejects.toThrow(/outside the roots/);
  });

  const review = async (root: string, rel: string, code: string) => {
    put(join(root, rel), code);
    const out = [];
    for (const batch of planBatches([join(root, rel)], { stopAt: () => root })) out.push(...(await reviewFileBatch(batch)));
    return out[0]!.findings.filter((f) => f.ruleId === 'hallucinated-api');
  };

  it('Rust: a path or method the locked crate lacks is an error naming crate, version and file', async () => {
    const findings = await review(rs, 'src/main.rs', [
      'use fakecrate::client::Client;',
      '',
      'async fn run() {',
      '    let c: Client = Client::new();',
      '    c.get().await;',
      '    c.fetch().await;',
      '    fakecrate::client::Client::connect();',
      '    fakecrate::Helper::assist(&fakecrate::Helper);',
      '    fakecrate::gen::anything();',
      '}',
      '',
    ].join('\n'));
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[6, 'error'], [7, 'error']]);
    expect(findings[0]!.message).toMatch(/`fakecrate::client::Client::fetch` does not exist in fakecrate 1\.2\.0, the version in Cargo\.lock/);
    expect(findings[0]!.basis).toEqual({ kind: 'project', detail: 'fakecrate 1.2.0 as installed (vendor/fakecrate/src/client.rs)' });
  });

  it('C#: a member the referenced package lacks is a warning naming package, version and file', async () => {
    const findings = await review(cs, 'Program.cs', [
      'using Acme.Jobs;',
      '',
      'var q = new JobQueue();',
      'await q.EnqueueAsync("a", default);',
      'await q.EnqueueAsyncc("b");',
      'await q.DrainAsync();',
      'q.Pause();',
      '',
    ].join('\n'));
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[5, 'warning']]);
    expect(findings[0]!.message).toMatch(/`Acme\.Jobs\.JobQueue\.EnqueueAsyncc` does not exist in Acme\.Jobs 2\.1\.0.*Did you mean `EnqueueAsync`\?/);
    expect(findings[0]!.basis.detail).toMatch(/^Acme\.Jobs 2\.1\.0 as installed \(.*lib\/net6\.0\/Acme\.Jobs\.xml\)$/);
  });
});

describe('tsconfig extends stays inside the root', () => {
  it('does not read a base config outside the root, and targetSource says so', () => {
    const proj = join(base, 'ts');
    put(join(base, 'shared', 'base.json'), JSON.stringify({ compilerOptions: { target: 'ES2015' } }));
    put(join(proj, 'tsconfig.json'), JSON.stringify({ extends: '../shared/base.json' }));
    const t = projectTargets(proj, proj);
    expect(t.target.ecmascript).toBeUndefined();
    expect(t.targetSource.ecmascript).toMatch(/extends ".*shared\/base\.json" not read: outside the roots/);
    // Inside the root, extends is followed as before.
    put(join(proj, 'configs', 'base.json'), JSON.stringify({ compilerOptions: { target: 'ES2020' } }));
    put(join(proj, 'tsconfig.json'), JSON.stringify({ extends: './configs/base.json' }));
    expect(projectTargets(proj, proj)).toMatchObject({ target: { ecmascript: 'ES2020' }, targetSource: { ecmascript: 'tsconfig.json compilerOptions.target' } });
    // Without a root (no confinement asked), the outside base is read.
    put(join(proj, 'tsconfig.json'), JSON.stringify({ extends: '../shared/base.json' }));
    expect(projectTargets(proj).target.ecmascript).toBe('ES2015');
  });
});
