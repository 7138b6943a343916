import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBatches, reviewFileBatch } from '../../src/review/paths.js';
import { collectFiles } from '../../src/workspace/collect.js';
import { changedLines } from '../../src/workspace/git-diff.js';
import { makeRoots, resolveInRoots } from '../../src/workspace/roots.js';
import { minimumNodeOf, minimumPythonOf, projectTargets } from '../../src/workspace/targets.js';

let base: string;
let root: string;
const accept = (p: string) => /\.(ts|py)$/.test(p);

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-')));
  root = join(base, 'proj');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(base, 'secret.ts'), 'export const s = 1;\n');
  writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src/big.ts'), `// ${'x'.repeat(2000)}\n`);
  symlinkSync(join(base, 'secret.ts'), join(root, 'src/link.ts'));
  symlinkSync(base, join(root, 'up'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('roots and confinement', () => {
  it('resolves paths inside a root and refuses .., absolute paths and symlinks that lead out, naming the roots', () => {
    const roots = makeRoots([root], 'cli');
    expect(resolveInRoots('src/a.ts', roots)).toBe(join(root, 'src/a.ts'));
    expect(resolveInRoots(join(root, 'src/a.ts'), roots)).toBe(join(root, 'src/a.ts'));
    for (const bad of ['../secret.ts', join(base, 'secret.ts'), 'src/link.ts', 'up/secret.ts', '/etc/passwd']) {
      expect(() => resolveInRoots(bad, roots), bad).toThrow(new RegExp(`outside the roots .*"${root}"`));
    }
    expect(resolveInRoots('src/none.ts', roots)).toBeUndefined();
  });

  it('collects files, globs and directories; refuses a glob that climbs out; names each bound in its error', () => {
    const roots = makeRoots([root], 'cli');
    const limits = { maxFiles: 10, maxFileBytes: 1000, maxTotalBytes: 100_000 };
    const got = collectFiles(['src'], roots, accept, limits);
    expect(got.files).toEqual([join(root, 'src/a.ts')]); // the symlinked file is not walked, big.ts is over the bound
    expect(got.skipped.join('\n')).toMatch(/big\.ts: \d+ bytes, over the per-file limit of 1000 bytes \(maxFileBytes\)/);
    expect(collectFiles(['src/*.ts'], roots, accept, limits).files).toEqual([join(root, 'src/a.ts')]);
    expect(() => collectFiles(['../**/*.ts'], roots, accept, limits)).toThrow(/outside the roots/);
    expect(() => collectFiles(['src/nope.ts'], roots, accept, limits)).toThrow(/does not exist in the roots/);
    expect(() => collectFiles(['src'], roots, accept, { ...limits, maxFiles: 0 })).toThrow(/\(maxFiles\)/);
    expect(() => collectFiles(['src'], roots, accept, { ...limits, maxTotalBytes: 5 })).toThrow(/\(maxTotalBytes\)/);
  });

  it('refuses a root that does not exist', () => {
    expect(() => makeRoots([join(base, 'missing')], 'cli')).toThrow(/does not exist/);
  });
});

describe('targets from the project', () => {
  it('reads the minimum of engines.node with npm semver, and Python specifiers', () => {
    expect(minimumNodeOf('>=18.17 <23')).toBe('18.17');
    expect(minimumNodeOf('^20.9.0 || >=22')).toBe('20.9');
    expect(minimumNodeOf('*')).toBeUndefined();
    expect(minimumPythonOf('>=3.9,<4')).toBe('3.9');
    expect(minimumPythonOf('~=3.10')).toBe('3.10');
    expect(minimumPythonOf('^3.8')).toBe('3.8');
  });

  it('reads each axis from the nearest manifest and says which file', () => {
    const p = join(base, 'targets');
    mkdirSync(join(p, 'pkg/src'), { recursive: true });
    writeFileSync(join(p, 'package.json'), JSON.stringify({ engines: { node: '>=22.3' } }));
    writeFileSync(join(p, 'pkg/.nvmrc'), 'v20.11.1\n');
    writeFileSync(join(p, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'ES2021' } }));
    writeFileSync(join(p, 'pkg/tsconfig.json'), JSON.stringify({ extends: '../tsconfig.base.json' }));
    writeFileSync(join(p, 'pyproject.toml'), '[project]\nname = "x"\nrequires-python = ">=3.10"\n');
    writeFileSync(join(p, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFrameworks>net9.0;net8.0</TargetFrameworks></PropertyGroup></Project>');
    writeFileSync(join(p, 'Cargo.toml'), '[package]\nname = "x"\n[dependencies]\ntokio = { version = "1.38", features = ["full"] }\n');
    const t = projectTargets(join(p, 'pkg/src'), p);
    expect(t.target).toEqual({ node: '20.11.1', ecmascript: 'ES2021', python: '3.10', dotnet: '8', tokio: '1.38.0' });
    expect(t.targetSource).toEqual({
      node: 'pkg/.nvmrc',
      ecmascript: 'pkg/tsconfig.json compilerOptions.target',
      python: 'pyproject.toml project.requires-python ">=3.10"',
      dotnet: 'App.csproj TargetFramework(s)',
      tokio: 'Cargo.toml tokio',
    });
    writeFileSync(join(p, 'Cargo.lock'), 'version = 3\n[[package]]\nname = "tokio"\nversion = "1.40.0"\n');
    writeFileSync(join(p, 'setup.cfg'), '[options]\npython_requires = >=3.8\n');
    rmSync(join(p, 'pyproject.toml'));
    const u = projectTargets(p, p);
    expect(u.target).toMatchObject({ node: '22.3', tokio: '1.40.0', python: '3.8' });
    expect(u.targetSource).toMatchObject({ node: 'package.json engines.node ">=22.3"', tokio: 'Cargo.lock tokio', python: 'setup.cfg options.python_requires ">=3.8"' });
  });

  it('reads the ECMAScript edition from tsconfig lib before target, and never from a tsconfig above the package', () => {
    const p = join(base, 'es-lib');
    mkdirSync(join(p, 'lib/src'), { recursive: true });
    // target only says how syntax is compiled down; lib says which built-ins the code may call
    writeFileSync(join(p, 'lib/tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2017', lib: ['esnext', 'DOM'] } }));
    expect(projectTargets(join(p, 'lib/src'), p).target.ecmascript).toBe('ESNext');
    writeFileSync(join(p, 'lib/tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2024', lib: ['es2021', 'es2019.array'] } }));
    expect(projectTargets(join(p, 'lib/src'), p)).toMatchObject({ target: { ecmascript: 'ES2021' }, targetSource: { ecmascript: 'lib/tsconfig.json compilerOptions.lib' } });
    // an unpacked package (its own package.json, no tsconfig) below a folder with a tsconfig: that tsconfig is not its
    const q = join(base, 'es-outer');
    mkdirSync(join(q, 'vendor/pkg/lib'), { recursive: true });
    writeFileSync(join(q, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2019' } }));
    writeFileSync(join(q, 'vendor/pkg/package.json'), JSON.stringify({ name: 'pkg', engines: { node: '>=20' } }));
    expect(projectTargets(join(q, 'vendor/pkg/lib')).target).toEqual({ node: '20' });
    expect(projectTargets(q).target).toEqual({ ecmascript: 'ES2019' });
  });

  it('gives the C# reviewer the .NET target of the nearest .csproj, with its source', async () => {
    const p = join(base, 'cs');
    mkdirSync(join(p, 'Gate'), { recursive: true });
    const code = 'class Gate {\n    async Task M(List<Task> ts) {\n        await foreach (var t in Task.WhenEach(ts)) { }\n    }\n}\n';
    writeFileSync(join(p, 'Gate/Gate.cs'), code);
    const review = async () => {
      const [batch] = planBatches([join(p, 'Gate/Gate.cs')], { stopAt: () => p });
      const [file] = await reviewFileBatch(batch!);
      return { batch: batch!, ruleIds: file!.findings.map((f) => f.ruleId) };
    };
    writeFileSync(join(p, 'Gate/Gate.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>');
    const on8 = await review();
    expect(on8.batch.target.dotnet).toBe('8');
    expect(on8.batch.targetSource).toEqual({ dotnet: 'Gate/Gate.csproj TargetFramework(s)' });
    expect(on8.ruleIds).toEqual(['too-new-api']); // Task.WhenEach is .NET 9
    writeFileSync(join(p, 'Gate/Gate.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>');
    expect((await review()).ruleIds).toEqual([]);
    const explicit = planBatches([join(p, 'Gate/Gate.cs')], { target: { dotnet: '8' }, stopAt: () => p })[0]!;
    expect(explicit.target.dotnet).toBe('8'); // an explicit target wins over the project
    expect(explicit.targetSource).toEqual({});
  });

  it('never climbs above the root it is given', () => {
    expect(projectTargets(join(root, 'src'), root).target).toEqual({});
  });
});

describe('changed lines from git', () => {
  it('lists added and changed lines against HEAD and a named base; untracked files count whole', async () => {
    const g = join(base, 'repo');
    mkdirSync(g);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: g });
    git('init', '-q');
    writeFileSync(join(g, 'a.ts'), 'one\ntwo\nthree\n');
    git('add', '.');
    git('commit', '-qm', 'first');
    writeFileSync(join(g, 'a.ts'), 'one\nTWO\nthree\nfour\n');
    writeFileSync(join(g, 'new.ts'), 'x\n');
    const c = await changedLines(g);
    expect([...c.lines.get(join(g, 'a.ts'))!].sort()).toEqual([2, 4]);
    expect(c.lines.get(join(g, 'new.ts'))!.has(Number.POSITIVE_INFINITY)).toBe(true);
    git('add', 'a.ts');
    git('commit', '-qm', 'second');
    expect(c.base).toMatch(/^[0-9a-f]{40}$/);
    expect((await changedLines(g)).lines.has(join(g, 'a.ts'))).toBe(false);
    expect([...(await changedLines(g, 'HEAD~1')).lines.get(join(g, 'a.ts'))!].sort()).toEqual([2, 4]);
    await expect(changedLines(g, '--output=/tmp/x')).rejects.toThrow(/is not a git ref/);
    await expect(changedLines(g, 'nosuchbranch')).rejects.toThrow(/is not a commit/);
    await expect(changedLines(base)).rejects.toThrow(/not inside a git working tree/);
  });
});
