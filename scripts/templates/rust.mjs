// Compiles every Rust template and runs its self-check, and reports what that established, for the template index
// (templates/verification.json). Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/rust.mjs [rootDir]     prints the records as JSON
//
// The templates are the [[bin]] targets of test/rust/Cargo.toml, built offline against Debian's crate sources
// (test/rust/.cargo/config.toml points crates-io at /usr/share/cargo/registry) with RUSTFLAGS="-D warnings".
// --keep-going builds every binary even when one fails, so each template gets its own verdict.

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { cap, checkRootDir, describeFile, ending, findTemplates, firstLine, isMain, run, runCli, runPool } from './common.mjs';

const DEBIAN_REGISTRY = '/usr/share/cargo/registry';
/**
 * The packages that build templates: the hand-written ones (tokio and futures) and the library-backed variants
 * (templates/rust/library/, which also need tokio-util; apt: librust-tokio-util-dev).
 */
const PROJECTS = [
  { templateDir: 'templates/rust', projectDir: 'test/rust', crates: [] },
  { templateDir: 'templates/rust/library', projectDir: 'test/rust-library', crates: ['tokio-util'] },
];
const BUILD_TIMEOUT_MS = 20 * 60_000; // a cold build compiles tokio and futures on a shared 2-core machine
const RUN_TIMEOUT_MS = 60_000;
const PARALLEL = 2; // the build machines have 2 cores, shared

/**
 * @typedef {object} VerificationRecord
 * @property {string} file        path relative to rootDir, forward slashes (`templates/rust/timeout.rs`)
 * @property {string} id          the header's `id`, or "" when the header has none
 * @property {'executed' | 'compiled' | 'failed' | 'unverified'} status
 * @property {string} toolchain   e.g. "rustc 1.95.0, tokio 1.24.2, futures 0.3.21 (Debian)", or why there is none
 * @property {string} how         the commands and their outcome
 * @property {string} output      compiler errors, or the binary's stdout then stderr, trimmed and capped
 * @property {string} sha256      of the file as built
 */

/**
 * @param {string} rootDir the project root (the folder that holds `templates/` and `test/rust/`)
 * @param {{ cargo?: string, registry?: string, execute?: boolean }} [options]
 *   `cargo`: the cargo command (default `cargo`); `registry`: the directory source the project's
 *   .cargo/config.toml uses (default Debian's); `execute: false` stops after compiling (status "compiled").
 * @returns {Promise<VerificationRecord[]>} one record per `templates/rust/*.rs`, sorted by file
 */
export async function verifyAll(rootDir, options = {}) {
  checkRootDir(rootDir);
  const records = [];
  for (const project of PROJECTS) records.push(...(await verifyProject(rootDir, project, options)));
  return records.sort((a, b) => a.file.localeCompare(b.file));
}

async function verifyProject(rootDir, { templateDir: TEMPLATE_DIR, projectDir: PROJECT_DIR, crates }, options) {
  const cargo = options.cargo ?? 'cargo';
  const registry = options.registry ?? DEBIAN_REGISTRY;
  const execute = options.execute ?? true;
  const files = await findTemplates(rootDir, TEMPLATE_DIR, '.rs');
  if (files.length === 0) return []; // e.g. no library variants: nothing to build, and the project may be absent
  const described = await Promise.all(files.map((file) => describeFile(rootDir, file, '//')));
  const unverified = (why) => described.map((d) => ({ ...d, status: 'unverified', toolchain: why, how: why, output: '' }));

  const cargoVersion = await firstLine(cargo, ['--version']);
  if (cargoVersion === undefined) return unverified(`${cargo} not found`);
  const rustcVersion = await firstLine('rustc', ['--version']);
  if (rustcVersion === undefined) return unverified('rustc not found');
  if (!existsSync(registry)) return unverified(`${registry} not found (apt: librust-tokio-dev librust-futures-dev)`);
  const vendored = existsSync(registry) ? await readdir(registry) : [];
  const absent = crates.filter((crate) => !vendored.some((dir) => dir.startsWith(`${crate}-`)));
  if (absent.length > 0) return unverified(`${absent.join(', ')} not in ${registry} (apt: ${absent.map((c) => `librust-${c}-dev`).join(' ')})`);

  const projectDir = path.join(rootDir, PROJECT_DIR);
  const bins = await binTargets(rootDir, projectDir);
  const build = await run(cargo, ['build', '--offline', '--bins', '--keep-going', '--message-format=json'], {
    cwd: projectDir,
    env: { ...process.env, RUSTFLAGS: '-D warnings', CARGO_TERM_COLOR: 'never' },
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  const { executables, errors } = readBuildMessages(build.stdout);
  const toolchain = await describeToolchain(projectDir, rustcVersion, ['tokio', 'futures', ...crates]);
  const buildCommand = `RUSTFLAGS="-D warnings" cargo build --offline --bins in ${PROJECT_DIR}`;

  /** @type {VerificationRecord[]} */
  const records = new Array(described.length);
  // Never more than PARALLEL binaries at once.
  await runPool(described.length, PARALLEL, async (index) => {
    const d = described[index];
    const bin = bins.get(d.file);
    const base = { ...d, toolchain };
    if (bin === undefined) {
      records[index] = { ...base, status: 'unverified', how: `not a [[bin]] in ${PROJECT_DIR}/Cargo.toml`, output: '' };
      return;
    }
    const executable = executables.get(bin);
    if (executable === undefined) {
      const why = build.timedOut ? `timed out after ${BUILD_TIMEOUT_MS / 60_000} min` : 'failed for this binary';
      const output = cap(errors.get(bin) ?? build.stderr);
      records[index] = { ...base, status: 'failed', how: `${buildCommand} ${why}`, output };
      return;
    }
    if (!execute) {
      records[index] = { ...base, status: 'compiled', how: `${buildCommand}: built with no warnings`, output: '' };
      return;
    }
    const ran = await run(executable, [], { cwd: projectDir, env: process.env, timeoutMs: RUN_TIMEOUT_MS });
    const shown = `${buildCommand}, then target/debug/${bin}`;
    const output = cap(`${ran.stdout}${ran.stderr}`);
    if (ran.timedOut) {
      records[index] = { ...base, status: 'failed', how: `${shown} timed out after ${RUN_TIMEOUT_MS / 1000} s`, output };
    } else if (ran.code !== 0) {
      records[index] = { ...base, status: 'failed', how: `${shown} ${ending(ran)}`, output };
    } else if (/\bpanicked at\b/.test(ran.stderr)) {
      // Exit 0 but a task panicked and nobody noticed: the self-check is not sound.
      records[index] = { ...base, status: 'failed', how: `${shown} exited 0 but a thread panicked`, output };
    } else {
      records[index] = { ...base, status: 'executed', how: `${shown} exited 0 (its self-check passed)`, output };
    }
  });
  return records;
}

/**
 * Maps each template file (relative to the root) to its [[bin]] name, read from Cargo.toml. A small reader for the
 * two keys we write there (name, path), not a TOML parser.
 * @returns {Promise<Map<string, string>>}
 */
async function binTargets(rootDir, projectDir) {
  const toml = await readFile(path.join(projectDir, 'Cargo.toml'), 'utf8');
  const bins = new Map();
  for (const section of toml.split(/^\[\[bin\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    const file = /^path\s*=\s*"([^"]+)"/m.exec(section)?.[1];
    if (name && file) {
      const relative = path.relative(rootDir, path.resolve(projectDir, file));
      bins.set(relative.split(path.sep).join('/'), name);
    }
  }
  return bins;
}

/**
 * Reads cargo's JSON messages: the executable of every binary that was built, and the rendered compiler errors of
 * each binary that was not.
 * @returns {{ executables: Map<string, string>, errors: Map<string, string> }}
 */
function readBuildMessages(stdout) {
  const executables = new Map();
  const errors = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      continue; // cargo only prints JSON here, but a stray line must not hide the rest
    }
    const isBin = Array.isArray(message.target?.kind) && message.target.kind.includes('bin');
    if (!isBin) continue;
    if (message.reason === 'compiler-artifact' && typeof message.executable === 'string') {
      executables.set(message.target.name, message.executable);
    } else if (message.reason === 'compiler-message' && message.message?.level === 'error') {
      const rendered = message.message.rendered ?? message.message.message ?? '';
      errors.set(message.target.name, `${errors.get(message.target.name) ?? ''}${rendered}`);
    }
  }
  return { executables, errors };
}

/** "rustc 1.95.0, tokio 1.24.2, futures 0.3.21 (Debian)": the versions the build actually resolved. */
async function describeToolchain(projectDir, rustcVersion, names) {
  const rustc = rustcVersion.split(' ').slice(0, 2).join(' ');
  const lock = path.join(projectDir, 'Cargo.lock');
  if (!existsSync(lock)) return rustc;
  const text = await readFile(lock, 'utf8');
  const versions = [];
  for (const name of names) {
    const match = new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`).exec(text);
    if (match) versions.push(`${name} ${match[1]}`);
  }
  return versions.length ? `${rustc}, ${versions.join(', ')} (Debian)` : rustc;
}

if (isMain(import.meta.url)) await runCli(verifyAll);
