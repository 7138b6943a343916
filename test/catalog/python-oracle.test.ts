// Oracles for the Python catalog (src/catalog/data/python.json):
// (a) pyright, run offline from the devDependency, per Python version: the attributes it rejects on a probe that
//     references every catalogued asyncio name (and every member of a catalogued asyncio class) must be exactly the
//     names the catalog says are absent then, for each version 3.8..3.15 and platform linux, win32, darwin;
// (b) the local python3: dir(asyncio) must equal the catalog's module-level names at that version, and sampled class
//     members must agree with hasattr.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { probeToolchain, skipReason } from '../helpers/toolchain.js';

interface Entry {
  id: string;
  kind: string;
  since?: Record<string, string>;
  removed?: Record<string, string>;
  platforms?: string[];
}
interface CatalogFile {
  versions: Record<string, string[]>;
  completeness?: Record<string, { from?: Record<string, string> }>;
  entries: Entry[];
}

const require = createRequire(import.meta.url);
const catalog = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../src/catalog/data/python.json'), 'utf8')) as CatalogFile;
const versions = catalog.versions.python ?? [];
const index = (v: string) => versions.indexOf(v);

/** The catalog's answer: does `entry` exist at this version on this platform? */
function existsAt(entry: Entry, version: string, platform: string): boolean {
  const since = entry.since?.python;
  const removed = entry.removed?.python;
  if (since !== undefined && index(version) < index(since)) return false;
  if (removed !== undefined && index(version) >= index(removed)) return false;
  if (entry.platforms && !entry.platforms.includes(platform)) return false;
  return true;
}

const byId = new Map(catalog.entries.map((e) => [e.id, e]));
/** asyncio.X: one dot. */
const moduleLevel = catalog.entries.filter((e) => /^asyncio\.[^.]+$/.test(e.id) && e.kind !== 'module');
/**
 * Versions pyright can judge: from the oldest one typeshed's gates tell apart. Below it the catalog dates names from
 * the docs or says "at or before", and pyright sees only the stubs' ungated state.
 */
const checkedVersions = versions.filter((v) => index(v) >= index(catalog.completeness?.module?.from?.python ?? versions[0]!));
/** asyncio.X.y where asyncio.X is a class. */
const members = catalog.entries.filter((e) => {
  const m = /^(asyncio\.[^.]+)\.[^.]+$/.exec(e.id);
  return m !== null && byId.get(m[1]!)?.kind === 'class';
});

// Network isolation: where `unshare -n` works (root in a container), pyright runs with no network at all, which
// proves it needs none. Elsewhere it runs normally; it has no update check or download step.
const netIsolated = spawnSync('unshare', ['-n', 'true']).status === 0;

interface PyrightResult {
  generalDiagnostics: Array<{ severity: string; message: string; range: { start: { line: number } } }>;
}

/** Runs pyright on dir/probe.py for one version and platform, without blocking: several run at once. */
function runPyright(dir: string, version: string, platform: 'Linux' | 'Windows' | 'Darwin'): Promise<PyrightResult> {
  const pyright = path.join(path.dirname(require.resolve('pyright/package.json')), 'index.js');
  const args = [pyright, '--outputjson', '--pythonversion', version, '--pythonplatform', platform, 'probe.py'];
  const child = netIsolated ? spawn('unshare', ['-n', process.execPath, ...args], { cwd: dir }) : spawn(process.execPath, args, { cwd: dir });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (!stdout) reject(new Error(`pyright produced no output: ${Buffer.concat(err).toString('utf8')}`));
      else resolve(JSON.parse(stdout) as PyrightResult);
    });
  });
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the result. */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  return results;
}

const PLATFORMS: Array<{ pyright: 'Linux' | 'Windows' | 'Darwin'; catalog: string }> = [
  { pyright: 'Linux', catalog: 'linux' },
  { pyright: 'Windows', catalog: 'win32' },
  { pyright: 'Darwin', catalog: 'darwin' },
];

describe('python catalog vs pyright (typeshed, offline)', () => {
  it('rejects exactly the asyncio attributes the catalog says are absent, per version and platform', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'pyright-oracle-'));
    try {
      // Independent pyright runs (each checked version x 3 platforms), each in its own folder; as many at once as there
      // are cores: each run is mostly one process's CPU, so this divides the wall time, not the checks.
      const probes: Array<{ version: string; platform: (typeof PLATFORMS)[number]; dir: string; lineIds: Array<{ id: string; member: boolean }> }> = [];
      for (const version of checkedVersions) {
        for (const platform of PLATFORMS) {
          // One line per name; members only where their class exists (otherwise the error is about the class).
          const lines = ['import asyncio'];
          const lineIds: Array<{ id: string; member: boolean }> = [{ id: '', member: false }];
          for (const e of moduleLevel) {
            lines.push(e.id);
            lineIds.push({ id: e.id, member: false });
          }
          for (const e of members) {
            const cls = byId.get(e.id.slice(0, e.id.lastIndexOf('.')))!;
            if (!existsAt(cls, version, platform.catalog)) continue;
            lines.push(e.id);
            lineIds.push({ id: e.id, member: true });
          }
          const dir = path.join(base, `${version}-${platform.catalog}`);
          mkdirSync(dir);
          writeFileSync(path.join(dir, 'pyrightconfig.json'), JSON.stringify({ typeCheckingMode: 'basic', reportUnusedExpression: false }));
          writeFileSync(path.join(dir, 'probe.py'), `${lines.join('\n')}\n`);
          probes.push({ version, platform, dir, lineIds });
        }
      }
      const results = await pool(probes.map((p) => () => runPyright(p.dir, p.version, p.platform.pyright)), Math.max(2, availableParallelism()));
      let checks = 0;
      const mismatches: string[] = [];
      let memberChecks = 0;
      const memberMismatches: string[] = [];
      probes.forEach(({ version, platform, lineIds }, i) => {
        const rejected = new Set<string>();
        for (const d of results[i]!.generalDiagnostics) {
          if (d.severity !== 'error') continue;
          const line = lineIds[d.range.start.line];
          if (!line) continue;
          if (/is not a known attribute of module|Cannot access attribute/.test(d.message)) rejected.add(line.id);
        }
        for (const { id, member } of lineIds.slice(1)) {
          const expectedAbsent = !existsAt(byId.get(id)!, version, platform.catalog);
          const absent = rejected.has(id);
          if (member) memberChecks++;
          else checks++;
          if (expectedAbsent !== absent) {
            (member ? memberMismatches : mismatches).push(`${version}/${platform.catalog}: ${id} catalog=${expectedAbsent ? 'absent' : 'present'} pyright=${absent ? 'absent' : 'present'}`);
          }
        }
      });
      const unexplained = mismatches;
      console.log(`pyright oracle${netIsolated ? ' (network namespace: none)' : ''}: module-level checks=${checks} mismatches=${mismatches.length} (explained ${mismatches.length - unexplained.length}); member checks=${memberChecks} mismatches=${memberMismatches.length}`);
      expect(unexplained).toEqual([]);
      expect(memberMismatches).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 900_000); // one pyright run per checked version and platform, a few seconds of CPU each
});

const py = probeToolchain('python3');
const skip = skipReason(py, 'python3');

describe.skipIf(skip !== undefined)('python catalog vs the local python3', () => {
  const info = () => {
    const r = spawnSync('python3', ['-c', 'import sys, asyncio, json; print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "platform": sys.platform, "names": dir(asyncio)}))'], { encoding: 'utf8' });
    return JSON.parse(r.stdout) as { version: string; platform: string; names: string[] };
  };

  it('dir(asyncio) equals the catalog at the local version', () => {
    const local = info();
    expect(versions).toContain(local.version);
    // Excluded from dir(): private names (leading underscore) are not catalogued; submodules (asyncio.events,
    // asyncio.base_events...) and `sys` are attributes only as a side effect of importing them, and typeshed does not
    // export them from asyncio/__init__.pyi, so pyright rejects them too.
    const submodules = new Set(
      spawnSync('python3', ['-c', 'import asyncio, types; print("\\n".join(n for n in dir(asyncio) if isinstance(getattr(asyncio, n), types.ModuleType)))'], { encoding: 'utf8' })
        .stdout.split('\n').filter(Boolean),
    );
    const runtime = local.names.filter((n) => !n.startsWith('_') && !submodules.has(n)).sort();
    const catalogued = moduleLevel.filter((e) => existsAt(e, local.version, local.platform)).map((e) => e.id.slice('asyncio.'.length)).sort();
    const missing = runtime.filter((n) => !catalogued.includes(n));
    const extra = catalogued.filter((n) => !runtime.includes(n));
    console.log(`dir(asyncio) oracle (Python ${local.version}, ${local.platform}): checks=${new Set([...runtime, ...catalogued]).size} runtime-only=${missing.length} catalog-only=${extra.length}`);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('class members agree with hasattr at the local version', () => {
    const local = info();
    // Attributes declared only by annotation (`expected: int | None`) are instance attributes: hasattr on the class
    // cannot see them, so only methods, properties defined by `def` and nested classes are sampled.
    const sample = members.filter(
      (e) => existsAt(byId.get(e.id.slice(0, e.id.lastIndexOf('.')))!, local.version, local.platform) &&
        (e.kind !== 'property' || (e as Entry & { signature?: string[] }).signature?.some((s) => /\bdef /.test(s))),
    );
    const script = [
      'import asyncio, json, sys',
      'out = {}',
      'for name in json.loads(sys.stdin.read()):',
      '    cls, member = name.rsplit(".", 1)',
      // asyncio.Condition binds acquire/release/locked from its lock in __init__, so they are checked on an instance.
      '    owner = asyncio.Condition() if cls == "asyncio.Condition" else eval(cls)',
      '    out[name] = hasattr(owner, member)',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(sample.map((e) => e.id)), encoding: 'utf8' });
    const actual = JSON.parse(r.stdout) as Record<string, boolean>;
    const mismatches = sample.filter((e) => actual[e.id] !== existsAt(e, local.version, local.platform)).map((e) => `${e.id}: catalog=${existsAt(e, local.version, local.platform)} hasattr=${actual[e.id]}`);
    console.log(`hasattr oracle (Python ${local.version}): checks=${sample.length} mismatches=${mismatches.length}`);
    expect(mismatches).toEqual([]);
  });
});
