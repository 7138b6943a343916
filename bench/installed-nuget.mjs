#!/usr/bin/env node
// verify_api on the NuGet packages restored on this machine (NUGET_PACKAGES or ~/.nuget/packages): a throwaway
// project references every package that ships XML docs (newest version, net8.0), then
//   - documented members (`Type.Member` from the XML, as the package's authors wrote them): anything but `verified`
//     says the reader lost a member (not an independent ground truth: the same XML is read; a reading check);
//   - invented members: each documented member with `Async` appended, `All` appended, or a typo, kept only when the
//     new name is neither in the package's XML nor anywhere in its assemblies' bytes: a `not_found` is a catch.
//   node bench/installed-nuget.mjs [packages-folder]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = process.argv[2] ?? process.env.NUGET_PACKAGES ?? join(homedir(), '.nuget', 'packages');
process.env.NUGET_PACKAGES = folder;
const { verifyNugetSymbol, nearestTfm } = await import(new URL('../dist/workspace/nuget-api.js', import.meta.url).href);

const packages = [];
for (const id of existsSync(folder) ? readdirSync(folder) : []) {
  const versions = readdirSync(join(folder, id)).filter((v) => /^\d/.test(v)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1);
  if (!version) continue;
  const tfms = ['lib', 'ref'].flatMap((k) => (existsSync(join(folder, id, version, k)) ? readdirSync(join(folder, id, version, k)) : []));
  const tfm = nearestTfm(tfms, 'net8.0');
  if (!tfm) continue;
  const files = ['lib', 'ref'].flatMap((k) => (existsSync(join(folder, id, version, k, tfm)) ? readdirSync(join(folder, id, version, k, tfm)).map((f) => join(folder, id, version, k, tfm, f)) : []));
  const xml = files.filter((f) => f.endsWith('.xml')).map((f) => readFileSync(f, 'utf8')).join('\n');
  if (!xml.includes('<member name=')) continue;
  const bytes = Buffer.concat(files.filter((f) => f.endsWith('.dll')).map((f) => readFileSync(f)));
  packages.push({ id, version, xml, bytes });
}
if (packages.length === 0) {
  console.log(`no NuGet packages with XML docs in ${folder}`);
  process.exit(0);
}
const proj = mkdtempSync(join(tmpdir(), 'bench-nuget-'));
writeFileSync(join(proj, 'App.csproj'), `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n${packages.map((p) => `    <PackageReference Include="${p.id}" Version="${p.version}" />`).join('\n')}\n  </ItemGroup>\n</Project>\n`);

const MUTATIONS = [(n) => `${n}Async`, (n) => `${n}All`, (n) => (n.length > 4 ? n.slice(0, -2) + n.at(-1) + n.at(-2) : `${n}X`)];
const tally = (o, k) => (o[k] = (o[k] ?? 0) + 1);
const real = {};
const invented = {};
const lost = [];
const started = performance.now();
for (const p of packages) {
  const members = [...p.xml.matchAll(/<member name="[MPFE]:([\w.]+)\.([A-Za-z_]\w*)(?:``\d+)?[("]/g)].map((m) => [m[1], m[2]]).filter(([t]) => !t.includes('`'));
  const seen = new Set();
  for (const [type, name] of members.slice(0, 400)) {
    const key = `${type}.${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = verifyNugetSymbol({ symbol: key, from: proj, stopAt: proj });
    tally(real, v?.status ?? 'not asked');
    if (v?.status !== 'verified' && lost.length < 10) lost.push(`${key}: ${v?.status} ${v?.reason ?? ''}`);
    for (const mutate of MUTATIONS) {
      const bad = mutate(name);
      if (p.xml.includes(`.${bad}`) || p.bytes.includes(Buffer.from(`\u0000${bad}\u0000`))) continue;
      tally(invented, verifyNugetSymbol({ symbol: `${type}.${bad}`, from: proj, stopAt: proj })?.status ?? 'not asked');
    }
  }
}
rmSync(proj, { recursive: true, force: true });
console.log(`${packages.length} packages with XML docs in ${folder} (${Math.round(performance.now() - started)} ms)`);
console.log(`documented members (up to 400 per package): ${JSON.stringify(real)}`);
for (const l of lost) console.log(`  ${l.slice(0, 200)}`);
console.log(`invented members (absent from the XML and the assemblies): ${JSON.stringify(invented)}`);
