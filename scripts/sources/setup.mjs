#!/usr/bin/env node
// Fetches and verifies the pinned inputs of scripts/sources/inputs.json into .cache/sources/<id>/.
//
//   npm run setup:sources                    every input (cached ones are only re-checked)
//   npm run setup:sources -- nodejs-doc      only these ids
//   npm run setup:sources -- --check         say what is present and what is missing; fetch nothing (exit 1 if any is missing)
//   npm run setup:sources -- --force         fetch again even when the cache matches
//
// deb: `apt-get download name=version` (the machine's apt sources), sha256 of the .deb, `dpkg-deb -x`, keep `root`.
// nuget: `dotnet restore` of a generated project whose PackageDownload items name the exact versions (the machine's
// NuGet sources), sha256 of the .nupkg NuGet saved, keep the folder NuGet extracted. npm: compares package-lock.json
// and node_modules with the manifest (npm ci installs them; nothing is fetched here).
// Each input is unpacked beside the cache, checked, marked (.input.json) and only then renamed into place, so an
// interrupted run never leaves a folder that looks complete. Symbolic links that leave the input's folder are removed:
// nothing under .cache/sources may lead back to a system path.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeInput, getInput, inputStatus, listInputs, MARKER, markerFor, matchReads, ROOT, sourcesDir } from './inputs.mjs';

export function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Removes every symbolic link under dir whose target is outside dir; returns how many. */
export function dropEscapingLinks(dir) {
  let dropped = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) {
        const target = path.resolve(path.dirname(p), readlinkSync(p));
        const rel = path.relative(dir, target);
        if (rel.startsWith('..') || path.isAbsolute(rel)) {
          unlinkSync(p);
          dropped++;
        }
      } else if (st.isDirectory()) {
        walk(p);
      }
    }
  };
  walk(dir);
  return dropped;
}

/**
 * Moves an unpacked tree into the cache as the input's folder: links that escape it are dropped, every `reads`
 * pattern must match, the marker is written, and the finished folder replaces the old one in one rename.
 * `tree` must be on the same file system as the cache (the work folders are made inside it).
 */
export function installTree(input, tree) {
  if (!existsSync(tree) || !statSync(tree).isDirectory()) throw new Error(`${input.id}: ${tree} is not a folder (check "root" in the manifest)`);
  const dropped = dropEscapingLinks(tree);
  const unmatched = input.reads.filter((p) => matchReads(tree, p).length === 0);
  if (unmatched.length) throw new Error(`${input.id}: the package has nothing matching ${unmatched.join(', ')} (check "root" and "reads" in the manifest)`);
  writeFileSync(path.join(tree, MARKER), `${JSON.stringify(markerFor(input), null, 2)}\n`);
  const dest = path.join(sourcesDir(), input.id);
  rmSync(dest, { recursive: true, force: true });
  renameSync(tree, dest);
  return { dest, dropped };
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) return { ok: false, missing: r.error.code === 'ENOENT', output: String(r.error.message) };
  return { ok: r.status === 0, missing: false, output: `${r.stdout}${r.stderr}`.trim() };
}

export function checkSha(input, file) {
  const actual = sha256File(file);
  if (actual !== input.sha256) {
    throw new Error(`${input.id}: sha256 of ${path.basename(file)} is ${actual}, the manifest pins ${input.sha256}; refusing to use it`);
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

async function fetchDeb(input, work) {
  const spec = `${input.name}=${input.version}`;
  // As root apt drops to the _apt user, who cannot write into our work folder: download as root instead.
  const args = [...(isRoot ? ['-o', 'APT::Sandbox::User=root'] : []), 'download', spec];
  let r = run('apt-get', args, { cwd: work });
  if (r.missing) throw new Error(`${input.id}: apt-get not found; the deb inputs are Debian packages, fetched with apt-get download ${spec}`);
  if (!r.ok && isRoot && !aptUpdated) {
    // A fresh machine has no package lists yet (or old ones): refresh once and try again.
    aptUpdated = true;
    const u = run('apt-get', ['update', '-qq']);
    if (!u.ok) throw new Error(`${input.id}: apt-get update failed:\n${u.output}`);
    r = run('apt-get', args, { cwd: work });
  }
  if (!r.ok) {
    throw new Error(`${input.id}: apt-get download ${spec} failed${isRoot ? '' : ' (run apt-get update as root first)'}; if Debian no longer carries this version, pin the current one in scripts/sources/inputs.json and rebuild the catalog.\n${r.output}`);
  }
  const debs = readdirSync(work).filter((f) => f.endsWith('.deb'));
  if (debs.length !== 1) throw new Error(`${input.id}: expected one .deb from apt-get download, found ${debs.length}`);
  const deb = path.join(work, debs[0]);
  checkSha(input, deb);
  const unpacked = path.join(work, 'unpacked');
  const x = run('dpkg-deb', ['-x', deb, unpacked]);
  if (!x.ok) throw new Error(`${input.id}: dpkg-deb -x failed${x.missing ? ' (dpkg-deb not found)' : ''}:\n${x.output}`);
  return path.join(unpacked, input.root ?? '');
}

/** Restores every nuget input in one go; returns id -> extracted folder. */
function fetchNuget(inputs, work) {
  const sdk = run('dotnet', ['--version']);
  if (!sdk.ok) throw new Error(`nuget inputs (${inputs.map((i) => i.id).join(', ')}) are fetched with the .NET SDK's NuGet client, and dotnet --version failed: ${sdk.output}`);
  const tfm = `net${sdk.output.split('\n').at(-1).split('.')[0]}.0`;
  const byName = new Map();
  for (const i of inputs) byName.set(i.name, [...(byName.get(i.name) ?? []), i.version]);
  const items = [...byName].map(([name, versions]) => `    <PackageDownload Include="${name}" Version="${versions.map((v) => `[${v}]`).join(';')}" />`);
  const project = path.join(work, 'pinned-inputs.csproj');
  writeFileSync(project, [
    '<!-- Generated by scripts/sources/setup.mjs from scripts/sources/inputs.json: downloads, builds nothing. -->',
    '<Project Sdk="Microsoft.NET.Sdk">',
    `  <PropertyGroup><TargetFramework>${tfm}</TargetFramework><EnableDefaultItems>false</EnableDefaultItems></PropertyGroup>`,
    '  <ItemGroup>', ...items, '  </ItemGroup>',
    '</Project>', '',
  ].join('\n'));
  const packages = path.join(work, 'packages');
  const r = run('dotnet', ['restore', project, '--packages', packages, '--artifacts-path', path.join(work, 'artifacts')], {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0' },
  });
  if (!r.ok) throw new Error(`dotnet restore of the pinned NuGet packages failed:\n${r.output}`);
  const out = new Map();
  for (const input of inputs) {
    const dir = path.join(packages, input.name.toLowerCase(), input.version.toLowerCase());
    const nupkg = path.join(dir, `${input.name.toLowerCase()}.${input.version.toLowerCase()}.nupkg`);
    if (!existsSync(nupkg)) throw new Error(`${input.id}: dotnet restore left no ${path.relative(work, nupkg)}`);
    checkSha(input, nupkg);
    rmSync(nupkg); // checked; the extracted files are what the generators read
    out.set(input.id, path.join(dir, input.root ?? ''));
  }
  return out;
}

/** npm inputs: package-lock.json and node_modules must both match the manifest. */
function checkNpm(input) {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const entry = lock.packages?.[`node_modules/${input.package}`];
  if (!entry) throw new Error(`${input.id}: package-lock.json has no node_modules/${input.package}; add the devDependency "${input.package}"`);
  if (entry.version !== input.version || entry.integrity !== input.integrity) {
    throw new Error(`${input.id}: package-lock.json pins ${entry.version} (${entry.integrity}), the manifest ${input.version} (${input.integrity})`);
  }
  const status = inputStatus(input.id);
  if (!status.present) throw new Error(`${input.id}: ${status.why}; run ${status.install}`);
}

async function main(argv) {
  const check = argv.includes('--check');
  const force = argv.includes('--force');
  const unknownFlags = argv.filter((a) => a.startsWith('--') && !['--check', '--force'].includes(a));
  if (unknownFlags.length) {
    console.error(`unknown option ${unknownFlags.join(' ')}; allowed: --check, --force, and input ids`);
    return 2;
  }
  const ids = argv.filter((a) => !a.startsWith('--'));
  let selected;
  try {
    selected = ids.length ? ids.map(getInput) : listInputs();
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  const rel = (p) => path.relative(process.cwd(), p) || '.';
  const line = (state, input, detail) => console.log(`${state.padEnd(7)} ${input.id.padEnd(15)} ${describeInput(input)}${detail ? `: ${detail}` : ''}`);
  let failed = 0;
  const todo = [];
  for (const input of selected) {
    const status = inputStatus(input.id);
    if (input.kind === 'npm') {
      try {
        checkNpm(input);
        line('ok', input, `node_modules/${input.package} matches the lockfile`);
      } catch (e) {
        failed++;
        line('FAILED', input, e.message);
      }
    } else if (status.present && !force) {
      line('ok', input, `${rel(status.dir)} (cached)`);
    } else if (check) {
      line('missing', input, `${status.why}; fetch with ${status.install}`);
    } else {
      todo.push(input);
    }
  }
  if (todo.length) {
    mkdirSync(sourcesDir(), { recursive: true });
    const work = mkdtempSync(path.join(sourcesDir(), '.work-'));
    const finish = (input, tree, how) => {
      const { dest, dropped } = installTree(input, tree);
      line('fetched', input, `${rel(dest)} (${how}, sha256 verified${dropped ? `, ${dropped} links out of the package removed` : ''})`);
    };
    try {
      for (const input of todo.filter((i) => i.kind === 'deb')) {
        try {
          const own = mkdtempSync(path.join(work, `${input.id}-`));
          finish(input, await fetchDeb(input, own), 'apt-get download');
        } catch (e) {
          failed++;
          line('FAILED', input, e.message);
        }
      }
      const nuget = todo.filter((i) => i.kind === 'nuget');
      if (nuget.length) {
        try {
          const trees = fetchNuget(nuget, work);
          for (const input of nuget) finish(input, trees.get(input.id), 'dotnet restore');
        } catch (e) {
          failed += nuget.length;
          for (const input of nuget) line('FAILED', input, e.message);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const missing = selected.filter((i) => !inputStatus(i.id).present).length;
  console.log(`${selected.length - missing} of ${selected.length} pinned inputs present (${rel(sourcesDir())}, node_modules)${missing ? `; missing: ${selected.filter((i) => !inputStatus(i.id).present).map((i) => i.id).join(', ')}` : ''}`);
  return failed || missing ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
