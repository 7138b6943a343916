import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { probeDebianCrates, probeToolchain, skipReason } from '../helpers/toolchain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE_DIR = 'templates/rust';
const PROJECT_DIR = path.join(ROOT, 'test/rust');


/** Every .rs directly under templates/rust: a new file is picked up (and must then be a [[bin]]) without edits here. */
const files = listTemplateFiles(TEMPLATE_DIR, '.rs');
const idOf = (file: string): string => templateIdOf(file, '.rs');
const read = readTemplate;

/** [[bin]] name -> path as written in test/rust/Cargo.toml. */
function cargoBins(): Map<string, string> {
  const toml = readFileSync(path.join(PROJECT_DIR, 'Cargo.toml'), 'utf8');
  const bins = new Map<string, string>();
  for (const section of toml.split(/^\[\[bin\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    const file = /^path\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    if (name !== undefined && file !== undefined) bins.set(name, file);
  }
  return bins;
}

describe('rust templates: headers and project', () => {
  it('has a template for each of the 14 pattern ids, and nothing else', () => {
    expectOnePerPatternId(files, '.rs');
  });

  it.each(files)('%s has a complete header (parsed by src/templates) whose id is the file name', (file) => {
    const { header, text } = expectCompleteHeader(file, '.rs', '//');
    // Written to, and verified against, Debian's tokio 1.24.2 (and futures 0.3.21 where used), and built and run
    // with Debian 12's rustc 1.63 as well as the current one (scripts/templates/rust.mjs).
    expect(header.minimum.tokio).toBe('1.24');
    expect(header.minimum.rust).toBe('1.63');
    if (/\bfutures::/.test(text.slice(text.indexOf('// @end')))) expect(header.minimum.futures).toBe('0.3.21');
    for (const fallback of header.fallbacks) {
      expect(fallback.runtime).toBe('tokio');
      expect(compareVersions(fallback.version, '1.24'), 'a fallback covers versions below the minimum').toBeLessThan(0);
    }
  });

  it.each(files)('%s names each declared API in its code', (file) => {
    const text = read(file);
    const body = text.slice(text.indexOf('// @end'));
    const header = parseTemplateHeaderOrThrow(text, '//', file);
    const missing = header.apis.filter((api) => {
      const last = (api.split('::').pop() ?? api).replace(/!$/, '');
      return !new RegExp(`\\b${last}\\b`).test(body);
    });
    expect(missing).toEqual([]);
  });

  it.each(files)('%s has a #[tokio::main] self-check that prints "<id>: ok"', (file) => {
    const text = read(file);
    expect(text).toMatch(/#\[tokio::main(\(flavor = "current_thread"\))?\]\nasync fn main\(\)/);
    expect(text).toContain(`println!("${idOf(file)}: ok");`);
  });

  it('lists every template, and only templates, as a [[bin]] of test/rust/Cargo.toml', () => {
    const bins = cargoBins();
    expect([...bins.keys()].sort()).toEqual(files.map(idOf));
    for (const [name, file] of bins) expect(file).toBe(`../../${TEMPLATE_DIR}/${name}.rs`);
  });
});

/** Item ids of templates/contracts/<id>.json. */
function contractItemIds(id: string): string[] {
  const json = JSON.parse(readFileSync(path.join(ROOT, 'templates/contracts', `${id}.json`), 'utf8')) as { items: Array<{ id: string }> };
  return json.items.map((item) => item.id);
}

const cargo = probeToolchain('cargo');
/** Debian 12's rustc 1.63 (apt: rustc cargo): the declared minimum, which the verifier builds and runs too. */
const minimumRustc = probeToolchain('/usr/bin/rustc');
const skip = skipReason(cargo, 'cargo') ?? skipReason(probeDebianCrates(), 'Debian crate sources (librust-tokio-dev, librust-futures-dev)');
// Not a reason to skip the suite: without it the records only lack the run at the minimum, which is checked above.
if (skip === undefined) skipReason(minimumRustc, "Debian's rustc 1.63 at /usr/bin/rustc (apt: rustc cargo)");

describe.skipIf(skip !== undefined)('rust templates: built offline with -D warnings and executed', () => {
  let build: SpawnSyncReturns<string>;
  beforeAll(() => {
    // One build for all binaries. The first (cold) one compiles tokio and futures: allow several minutes.
    build = spawnSync('cargo', ['build', '--offline', '--bins'], {
      cwd: PROJECT_DIR,
      encoding: 'utf8',
      timeout: 15 * 60_000,
      env: { ...process.env, RUSTFLAGS: '-D warnings', CARGO_TERM_COLOR: 'never' },
    });
  }, 15 * 60_000);

  it('builds every template with no warnings', () => {
    expect(build.error).toBeUndefined();
    expect(build.status, build.stderr).toBe(0);
  });

  it.each(files)('%s runs its self-check and exits 0', (file) => {
    const binary = path.join(PROJECT_DIR, 'target/debug', idOf(file));
    const result = spawnSync(binary, [], { cwd: PROJECT_DIR, encoding: 'utf8', timeout: 60_000 });
    expect(result.error).toBeUndefined();
    // stderr first: on failure it holds the panic message and the failed assertion.
    expect(result.stderr).not.toMatch(/panicked at/);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${idOf(file)}: ok`);
  });

  it('graceful-shutdown drains and exits 0 on a real SIGTERM', async () => {
    const binary = path.join(PROJECT_DIR, 'target/debug/graceful-shutdown');
    const child = spawn(binary, ['--until-signal'], { cwd: PROJECT_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A safety net, not a timing assertion: a binary that never reacts is killed so the test fails instead of hanging.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code, signal) => resolve([code, signal]));
      });
      // "ready" is printed after the handlers are installed, so the signal cannot arrive too early.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('ready\n')) resolve();
        });
        child.on('close', () => reject(new Error(`exited before "ready": ${stdout}${stderr}`)));
      });
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect(signal, stderr).toBeNull();
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('graceful-shutdown: drained=true');
      expect(stderr).toContain('SIGTERM: shutting down');
    } finally {
      clearTimeout(guard);
    }
  });
});

type VerifyAll = (
  rootDir: string,
  options?: { cargo?: string; registry?: string; execute?: boolean },
) => Promise<VerificationRecord[]>;

const loadVerifyAll = async (): Promise<VerifyAll> => (await loadTemplateScript<{ verifyAll: VerifyAll }>('rust')).verifyAll;

describe.skipIf(skip !== undefined)('scripts/templates/rust.mjs verifyAll', () => {
  // A scratch project with no dependencies (std only) builds in seconds and exercises every verdict.
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'rust-verify-'));
    const header = (id: string): string => ['// @pattern', `// id: ${id}`, '// title: t', '// @end', ''].join('\n');
    const sources: Record<string, string> = {
      good: 'fn main() {\n    println!("good: ok");\n}\n',
      failing: 'fn main() {\n    std::process::exit(3);\n}\n',
      // Compiles, but only with a warning: -D warnings must turn it into a failure.
      warns: 'fn main() {\n    let unused = 1;\n}\n',
      broken: 'fn main() {\n    let x: u32 = "not a number";\n}\n',
      // Exits 0 although a thread panicked: the self-check cannot be trusted.
      swallowed: 'fn main() {\n    let _ = std::thread::spawn(|| panic!("lost")).join();\n}\n',
    };
    mkdirSync(path.join(scratch, TEMPLATE_DIR), { recursive: true });
    mkdirSync(path.join(scratch, 'test/rust'), { recursive: true });
    const manifest = ['[package]', 'name = "scratch"', 'version = "0.1.0"', 'edition = "2021"', ''];
    for (const [id, source] of Object.entries(sources)) {
      writeFileSync(path.join(scratch, TEMPLATE_DIR, `${id}.rs`), `${header(id)}${source}`);
      manifest.push('[[bin]]', `name = "${id}"`, `path = "../../${TEMPLATE_DIR}/${id}.rs"`, '');
    }
    // On disk but not a [[bin]]: nothing can vouch for it.
    writeFileSync(path.join(scratch, TEMPLATE_DIR, 'orphan.rs'), `${header('orphan')}fn main() {}\n`);
    writeFileSync(path.join(scratch, 'test/rust/Cargo.toml'), manifest.join('\n'));
  });
  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('gives each file its own verdict: executed, failed at build (warning or error), failed at run, unverified', async () => {
    const records = await (await loadVerifyAll())(scratch);
    const byId = Object.fromEntries(records.map((r) => [r.id, r]));
    expect(records.map((r) => r.file)).toEqual(
      ['broken', 'failing', 'good', 'orphan', 'swallowed', 'warns'].map((id) => `${TEMPLATE_DIR}/${id}.rs`),
    );
    expect(byId.good).toMatchObject({ status: 'executed', toolchain: expect.stringMatching(/^rustc \d+\.\d+\.\d+/) });
    expect(byId.good?.how).toContain('target/debug/good');
    expect(byId.good?.ranOn?.[0]?.versions.rust).toMatch(/^\d+\.\d+\.\d+$/);
    expect(byId.good?.contract, 'no contract for a pattern id that has none').toBeUndefined();
    expect(byId.failing).toMatchObject({ status: 'failed' });
    expect(byId.failing?.how).toContain('exited 3');
    expect(byId.warns).toMatchObject({ status: 'failed' });
    expect(byId.warns?.output).toMatch(/unused/);
    expect(byId.broken).toMatchObject({ status: 'failed' });
    expect(byId.broken?.output).toMatch(/mismatched types/);
    expect(byId.swallowed).toMatchObject({ status: 'failed' });
    expect(byId.swallowed?.how).toContain('a thread panicked');
    expect(byId.orphan).toMatchObject({ status: 'unverified' });
    expect(byId.good?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops at "compiled" when asked not to execute', async () => {
    const records = await (await loadVerifyAll())(scratch, { execute: false });
    expect(records.find((r) => r.id === 'good')?.status).toBe('compiled');
    expect(records.find((r) => r.id === 'failing')?.status).toBe('compiled');
  });

  it('returns "unverified" for every file when cargo is missing', async () => {
    const records = await (await loadVerifyAll())(scratch, { cargo: 'cargo-that-does-not-exist' });
    expect(records).toHaveLength(6);
    for (const record of records) {
      expect(record).toMatchObject({ status: 'unverified', how: 'cargo-that-does-not-exist not found' });
    }
  });

  it('records the repository templates as executed, their contract scenarios passed, on the current rustc and on 1.63', async () => {
    const all = await (await loadVerifyAll())(ROOT);
    // Library variants (templates/rust/library/) are built by test/rust-library, with tokio-util.
    const records = all.filter((r) => !r.file.startsWith(`${TEMPLATE_DIR}/library/`));
    expect(records.map((r) => r.id)).toEqual(files.map(idOf));
    for (const record of records) {
      expect(record.status, `${record.file}: ${record.how}\n${record.output}`).toBe('executed');
      const rustcs = minimumRustc.available ? '\\d+\\.\\d+\\.\\d+ and 1\\.63\\.\\d+' : '\\d+\\.\\d+\\.\\d+';
      expect(record.toolchain).toMatch(new RegExp(`^rustc ${rustcs}, tokio 1\\.24\\.\\d+, futures 0\\.3\\.21 \\(Debian\\)$`));
      expect(record.contract?.failed, record.how).toEqual([]);
      const header = parseTemplateHeaderOrThrow(read(record.file), '//', record.file);
      const items = contractItemIds(record.id);
      const unmet = header.unmet.map((u) => u.item);
      expect([...(record.contract?.passed ?? []), ...unmet].sort(), 'every item passed or declared unmet').toEqual([...items].sort());
      const ran = (record.ranOn ?? []).map((r) => r.versions.rust);
      if (minimumRustc.available) expect(ran.some((v) => v?.startsWith('1.63.')), `ran on rustc 1.63: ${ran.join(', ')}`).toBe(true);
      for (const entry of record.ranOn ?? []) expect(entry.versions.tokio).toMatch(/^1\.24\.\d+$/);
    }
    const rustcs = minimumRustc.available ? '\\d+\\.\\d+\\.\\d+ and 1\\.63\\.\\d+' : '\\d+\\.\\d+\\.\\d+';
    for (const record of all.filter((r) => r.file.startsWith(`${TEMPLATE_DIR}/library/`))) {
      expect(record.status, `${record.file}: ${record.how}\n${record.output}`).toBe('executed');
      expect(record.toolchain).toMatch(new RegExp(`^rustc ${rustcs}, tokio 1\\.24\\.\\d+, tokio-util 0\\.7\\.3 \\(Debian\\)$`));
      // Held to the same contract, by test/rust-library/tests/<pattern>.rs.
      expect(record.contract?.failed, record.how).toEqual([]);
      const unmet = parseTemplateHeaderOrThrow(read(record.file), '//', record.file).unmet.map((u) => u.item);
      expect([...(record.contract?.passed ?? []), ...unmet].sort(), 'every item passed or declared unmet').toEqual([...contractItemIds(record.id)].sort());
      const ran = (record.ranOn ?? []).map((r) => r.versions.rust);
      if (minimumRustc.available) expect(ran.some((v) => v?.startsWith('1.63.')), `ran on rustc 1.63: ${ran.join(', ')}`).toBe(true);
    }
  }, 30 * 60_000);
});
