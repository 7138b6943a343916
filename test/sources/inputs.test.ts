// Pinned inputs (scripts/sources): the manifest is complete and agrees with package.json and the lockfile; the loader
// finds an input only where setup put it, with a marker matching the pin; setup's install step keeps nothing that leads
// back to a system path and refuses a file whose sha256 differs; and the generators fail, naming the fetch command,
// rather than fall back to a system path when an input is missing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain-JS build-time module
import { describeInput, getInput, inputDir, inputStatus, listInputs, MARKER, MissingInputError, ROOT } from '../../scripts/sources/inputs.mjs';
// @ts-expect-error plain-JS build-time module
import { checkSha, installTree } from '../../scripts/sources/setup.mjs';

interface Input {
  id: string;
  kind: 'deb' | 'nuget' | 'npm';
  name: string;
  version: string;
  sha256?: string;
  package?: string;
  integrity?: string;
  root?: string;
  reads: string[];
  usedBy: string[];
}

const inputs = listInputs() as Input[];
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };

describe('scripts/sources/inputs.json', () => {
  it('pins every catalog input the committed data names, at the version the data names', () => {
    const ids = new Set(inputs.map((i) => i.id));
    for (const id of ['nodejs-doc', 'python3.11-doc', 'dotnet-ref-6', 'dotnet-ref-8', 'dotnet-ref-9', 'dotnet-ref-10', 'types-node-20', 'types-node-22', 'types-node-24']) {
      expect(ids.has(id), id).toBe(true);
    }
    for (const language of ['javascript', 'node', 'csharp']) {
      const data = JSON.parse(readFileSync(path.join(ROOT, `src/catalog/data/${language}.json`), 'utf8')) as { sources: Array<{ id: string; version: string }> };
      for (const source of data.sources) {
        if (!ids.has(source.id)) continue;
        expect(getInput(source.id).version, `${language}: ${source.id}`).toBe(source.version);
      }
    }
  });

  it('pins the Debian source of every crate the rustdoc run resolves (lib-rust/Cargo.lock), and no other crate', async () => {
    // @ts-expect-error plain-JS build-time module
    const { crateInputs, crateInputsStatus, lockedCrates } = await import('../../scripts/catalog/rust-rustdoc.mjs');
    const locked = (lockedCrates() as string[]).sort();
    const pinned = (crateInputs() as Input[]).map((i) => (i as Input & { crate: string }).crate).sort();
    expect(locked.length).toBeGreaterThan(40);
    expect(pinned).toEqual(locked);
    expect(crateInputsStatus().unpinned).toEqual([]);
    for (const input of crateInputs() as Array<Input & { crate: string }>) {
      expect(input, input.id).toMatchObject({ kind: 'deb', root: 'usr/share/cargo/registry' });
      expect(input.name, input.id).toMatch(/^librust-[a-z0-9.-]+-dev$/);
      expect(input.reads.every((r) => r.startsWith(`${input.crate}/`)), input.id).toBe(true);
    }
    // The crates the Rust catalog names, at the versions it names, are among them.
    const extract = JSON.parse(readFileSync(path.join(ROOT, 'scripts/catalog/rust/rustdoc.json'), 'utf8')) as { crates: Record<string, { version: string }> };
    for (const [name, c] of Object.entries(extract.crates)) expect(pinned, name).toContain(`${name}-${c.version}`);
  });

  it('each fetched input has a sha256 and what it reads; each reader exists', () => {
    for (const input of inputs) {
      if (input.kind !== 'npm') expect(input.sha256, input.id).toMatch(/^[0-9a-f]{64}$/);
      expect(input.reads.length, input.id).toBeGreaterThan(0);
      for (const file of input.usedBy) expect(existsSync(path.join(ROOT, file)), `${input.id} usedBy ${file}`).toBe(true);
    }
  });

  it('npm inputs are exact-version devDependencies whose lockfile entry has the pinned integrity', () => {
    for (const input of inputs.filter((i) => i.kind === 'npm')) {
      const spec = pkg.devDependencies[input.package!];
      const expected = input.package === input.name ? input.version : `npm:${input.name}@${input.version}`;
      expect(spec, input.id).toBe(expected);
      expect(lock.packages[`node_modules/${input.package}`], input.id).toMatchObject({ version: input.version, integrity: input.integrity });
    }
  });

  it('names its inputs the way a reader can check them', () => {
    expect(describeInput(getInput('nodejs-doc'))).toBe('Debian nodejs-doc 18.20.4+dfsg-1~deb12u3');
    expect(() => getInput('nodejs-docs')).toThrow(/unknown pinned input "nodejs-docs"; known: .*nodejs-doc/);
  });
});

describe('loader and install step (a scratch cache folder)', () => {
  let cache: string;
  let work: string;
  const saved = process.env.ASYNC_EXPERT_SOURCES_DIR;
  beforeEach(() => {
    const base = mkdtempSync(path.join(tmpdir(), 'async-expert-sources-test-'));
    cache = path.join(base, 'cache');
    work = path.join(base, 'work');
    mkdirSync(cache);
    mkdirSync(work);
    process.env.ASYNC_EXPERT_SOURCES_DIR = cache;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ASYNC_EXPERT_SOURCES_DIR;
    else process.env.ASYNC_EXPERT_SOURCES_DIR = saved;
    rmSync(path.dirname(cache), { recursive: true, force: true });
  });

  /** A tree shaped like the unpacked nodejs-doc, with one link inside it and one leading to a system path. */
  function fakeNodeDoc(): string {
    const tree = path.join(work, 'tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(path.join(tree, 'all.json.gz'), 'x');
    writeFileSync(path.join(tree, 'fs.html'), 'x');
    symlinkSync('fs.html', path.join(tree, 'inside.html'));
    symlinkSync('/usr/share/doc', path.join(tree, 'outside'));
    return tree;
  }

  it('reports a missing input with the command that fetches it, and inputDir throws', () => {
    const status = inputStatus('nodejs-doc');
    expect(status).toMatchObject({ present: false, install: 'npm run setup:sources -- nodejs-doc', dir: path.join(cache, 'nodejs-doc') });
    expect(() => inputDir('nodejs-doc')).toThrow(MissingInputError);
    expect(() => inputDir('nodejs-doc')).toThrow(/pinned input nodejs-doc \(Debian nodejs-doc 18\.20\.4\+dfsg-1~deb12u3\) is missing: .*Fetch it with: npm run setup:sources -- nodejs-doc/);
  });

  it('installs a tree: drops links that leave it, keeps links inside, writes the marker, and the loader finds it', () => {
    const { dest, dropped } = installTree(getInput('nodejs-doc'), fakeNodeDoc());
    expect(dest).toBe(path.join(cache, 'nodejs-doc'));
    expect(dropped).toBe(1);
    expect(existsSync(path.join(dest, 'outside'))).toBe(false);
    expect(lstatSync(path.join(dest, 'inside.html')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dest, MARKER), 'utf8'))).toMatchObject({ id: 'nodejs-doc', version: '18.20.4+dfsg-1~deb12u3' });
    expect(inputDir('nodejs-doc')).toBe(dest);
  });

  it('does not accept a folder fetched for another pin, or one missing what the generators read', () => {
    const { dest } = installTree(getInput('nodejs-doc'), fakeNodeDoc());
    const marker = JSON.parse(readFileSync(path.join(dest, MARKER), 'utf8')) as Record<string, string>;
    writeFileSync(path.join(dest, MARKER), JSON.stringify({ ...marker, version: '20.0.0' }));
    expect(inputStatus('nodejs-doc')).toMatchObject({ present: false, why: expect.stringMatching(/another pin \(version 20\.0\.0 != 18\.20\.4/) });
    writeFileSync(path.join(dest, MARKER), JSON.stringify(marker));
    rmSync(path.join(dest, 'all.json.gz'));
    expect(inputStatus('nodejs-doc')).toMatchObject({ present: false, why: expect.stringMatching(/lacks all\.json\.gz/) });
  });

  it('refuses to install a tree without the files the manifest says are read', () => {
    const tree = path.join(work, 'empty');
    mkdirSync(tree);
    expect(() => installTree(getInput('nodejs-doc'), tree)).toThrow(/nothing matching all\.json\.gz, \*\.html/);
    expect(existsSync(path.join(cache, 'nodejs-doc'))).toBe(false);
  });

  it('refuses a download whose sha256 differs from the pin', () => {
    const file = path.join(work, 'nodejs-doc.deb');
    writeFileSync(file, 'not the package');
    expect(() => checkSha(getInput('nodejs-doc'), file)).toThrow(/sha256 of nodejs-doc\.deb is [0-9a-f]{64}, the manifest pins d2fbd4f3.*refusing/);
  });

  it('generators fail with the fetch command instead of reading a system path', async () => {
    const { readNodeDocIndex } = await import('../../scripts/catalog/node.mjs');
    expect(() => readNodeDocIndex()).toThrow(/pinned input nodejs-doc .* Fetch it with: npm run setup:sources -- nodejs-doc/);
    // @ts-expect-error plain-JS build-time module
    const { readInventory } = await import('../../scripts/catalog/lib-python/py-inventory.mjs');
    expect(() => readInventory()).toThrow(/pinned input python3\.11-doc .* npm run setup:sources -- python3\.11-doc/);
    // @ts-expect-error plain-JS build-time module
    const { findPacks } = await import('../../scripts/catalog/csharp.mjs');
    expect(() => findPacks()).toThrow(/pinned input dotnet-ref-6 .* npm run setup:sources -- dotnet-ref-6/);
    // @ts-expect-error plain-JS build-time module
    const { crateDir, crateInputsStatus, rustdocJsons } = await import('../../scripts/catalog/rust-rustdoc.mjs');
    expect(() => crateDir('tokio-1.24.2')).toThrow(/pinned input rust-tokio \(Debian librust-tokio-dev 1\.24\.2-1\) .* npm run setup:sources -- rust-tokio/);
    expect(crateInputsStatus()).toMatchObject({ present: false, install: 'npm run setup:sources' });
    expect(() => rustdocJsons()).toThrow(/pinned input rust-\S+ .* Fetch it with: npm run setup:sources -- rust-/);
  });
});
