// The one place suites learn whether a toolchain (python3, dotnet, cargo), a pinned input (scripts/sources) or
// Debian's crate sources are there. A missing one skips the suite with one line naming what is missing and the one
// command that installs it; under CI it fails the run instead. ASYNC_EXPERT_HIDE_TOOLCHAINS hides what is installed,
// so "Node alone" can be tried on a full machine. Each skip is also appended to the file named by
// ASYNC_EXPERT_SKIP_LOG, which test/helpers/skip-summary.ts (vitest globalSetup) turns into the closing summary.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain-JS build-time module (scripts/ is not part of the TypeScript project)
import { inputStatus } from '../../scripts/sources/inputs.mjs';

export interface Toolchain {
  /** The command is runnable (and new enough), or the input is present. */
  available: boolean;
  /** First line of `<command> --version`, or why it is not available. */
  version: string;
  /** The one command that installs it (set for every known toolchain and input). */
  install?: string;
}

export const HIDE_VARIABLE = 'ASYNC_EXPERT_HIDE_TOOLCHAINS';
export const SKIP_LOG_VARIABLE = 'ASYNC_EXPERT_SKIP_LOG';

/** True when running under CI, where nothing may skip: CI set to anything but empty, `0` or `false`. */
export function isCI(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}
export const underCI = isCI(process.env.CI);

interface Requirement {
  /** Oldest version the suites need, and why. */
  minimum: string;
  reason: string;
  /** Reads the version out of `<command> --version`. */
  pattern: RegExp;
  install: string;
}

/**
 * What the suites need of each toolchain. python3: asyncio.TaskGroup/timeout in the templates (3.11). dotnet: the
 * SDK 10 (the templates build net10.0 and net8.0; the catalog's metadata reader is net10.0). cargo: the templates use
 * std::pin::pin! (stable since Rust 1.68) and let-else (1.65), so Debian 12's own cargo (Rust 1.63) cannot build them;
 * 1.70 leaves a margin. Only 1.95 has actually built them here: the bound comes from reading the code, not a run.
 */
export const REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  python3: { minimum: '3.11', reason: 'asyncio.TaskGroup and asyncio.timeout', pattern: /Python (\d+\.\d+(?:\.\d+)?)/, install: 'apt-get install -y python3' },
  dotnet: { minimum: '10.0', reason: 'net10.0 projects', pattern: /^(\d+\.\d+\.\d+)/m, install: 'curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0' },
  cargo: { minimum: '1.70', reason: 'std::pin::pin! and let-else in the templates', pattern: /cargo (\d+\.\d+\.\d+)/, install: "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y" },
};

/** Names hidden by ASYNC_EXPERT_HIDE_TOOLCHAINS (comma or space separated; `all` hides every toolchain and input). */
export function hiddenNames(value = process.env[HIDE_VARIABLE]): Set<string> {
  return new Set((value ?? '').split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** Is this toolchain, input or group hidden? Groups: `all`; `sources` (every pinned input); `debian-crates`. */
export function isHidden(name: string, group?: string): boolean {
  const hidden = hiddenNames();
  return hidden.has('all') || hidden.has(name.toLowerCase()) || (group !== undefined && hidden.has(group));
}

function hiddenResult(name: string, install?: string): Toolchain {
  return { available: false, version: `${name} hidden by ${HIDE_VARIABLE}=${process.env[HIDE_VARIABLE]}`, install };
}

/** -1, 0, 1 comparing dotted numeric versions (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * Probes a toolchain command. Tests use it with `describe.skipIf(skipReason(tc, name) !== undefined)`; under CI a
 * missing toolchain is a failure rather than a skip. For python3, dotnet and cargo a version older than the suites
 * need counts as missing, with the version found named.
 */
export function probeToolchain(command: string, versionArgs: string[] = ['--version']): Toolchain {
  const requirement = REQUIREMENTS[command];
  const install = requirement?.install;
  if (isHidden(command)) return hiddenResult(command, install);
  const r = spawnSync(command, versionArgs, { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) {
    return { available: false, version: `${command} not found`, install };
  }
  const output = `${r.stdout}${r.stderr}`.trim();
  const line = output.split('\n')[0] ?? '';
  if (requirement) {
    const found = requirement.pattern.exec(output)?.[1];
    if (found === undefined) return { available: false, version: `${command} printed no version we can read ("${line}")`, install };
    if (compareVersions(found, requirement.minimum) < 0) {
      return { available: false, version: `${command} ${found} is older than ${requirement.minimum} (needed for ${requirement.reason})`, install };
    }
  }
  return { available: true, version: line, install };
}

/**
 * A pinned input of scripts/sources/inputs.json. The fetched ones (deb, nuget: `npm run setup:sources`) can be
 * hidden; npm ones come with `npm install`, which a fresh clone has too, so hiding never applies to them.
 */
export function probeInput(id: string): Toolchain {
  const status = inputStatus(id) as { present: boolean; kind: string; label: string; why?: string; install: string };
  if (status.kind !== 'npm' && isHidden(id, 'sources')) return hiddenResult(`pinned input ${id}`, status.install);
  return status.present
    ? { available: true, version: status.label, install: status.install }
    : { available: false, version: `pinned input ${id} (${status.label}) is missing: ${status.why}`, install: status.install };
}

/** Several pinned inputs at once: available when all are; the install command fetches the missing ones. */
export function probeInputs(ids: string[]): Toolchain {
  const probes = ids.map((id) => [id, probeInput(id)] as const);
  const missing = probes.filter(([, p]) => !p.available);
  if (missing.length === 0) return { available: true, version: probes.map(([, p]) => p.version).join(', ') };
  const hidden = missing.every(([, p]) => p.version.includes(HIDE_VARIABLE));
  return {
    available: false,
    version: hidden
      ? `pinned inputs ${missing.map(([id]) => id).join(', ')} hidden by ${HIDE_VARIABLE}=${process.env[HIDE_VARIABLE]}`
      : `pinned inputs missing: ${missing.map(([id]) => id).join(', ')}`,
    install: `npm run setup:sources -- ${missing.map(([id]) => id).join(' ')}`,
  };
}

/**
 * Debian's Rust crate sources: the directory source test/rust/.cargo/config.toml and test/skill-examples/rust point
 * crates-io at. A build toolchain piece (installed system-wide by apt), not a generator input.
 */
export const DEBIAN_REGISTRY = '/usr/share/cargo/registry';
export const DEBIAN_CRATES_INSTALL = 'apt-get install -y librust-tokio-dev librust-futures-dev';

export function probeDebianCrates(registry = DEBIAN_REGISTRY): Toolchain {
  if (isHidden('debian-crates')) return hiddenResult('Debian crate sources', DEBIAN_CRATES_INSTALL);
  const crates = existsSync(registry) ? readdirSync(registry) : [];
  const tokio = crates.find((name) => /^tokio-1\.\d+\.\d+$/.test(name));
  const futures = crates.find((name) => /^futures-0\.3\.\d+$/.test(name));
  if (tokio === undefined || futures === undefined) {
    return { available: false, version: `${registry} has no ${[tokio ? '' : 'tokio 1.x', futures ? '' : 'futures 0.3'].filter(Boolean).join(' or ')} sources`, install: DEBIAN_CRATES_INSTALL };
  }
  return { available: true, version: `${tokio}, ${futures}`, install: DEBIAN_CRATES_INSTALL };
}

/** The test file that called us (for the summary), read from the stack: vitest runs test files by their path. */
function callerFile(): string {
  const root = path.resolve(import.meta.dirname, '../..');
  const frames = (new Error().stack ?? '').split('\n');
  for (const frame of frames) {
    const m = /((?:\/|[A-Za-z]:\\)[^\s():]+\.test\.[cm]?[jt]s)/.exec(frame);
    if (m) return path.relative(root, m[1]!).split(path.sep).join('/');
  }
  return '(unknown file)';
}

export interface SkipRecord {
  file: string;
  name: string;
  why: string;
  install: string;
}

/** The one line a skip prints. */
export function skipLine(record: SkipRecord): string {
  return `skipped: ${record.name}: ${record.why}; install: ${record.install}`;
}

/**
 * Returns a message for a skipped suite, or throws under CI: CI must never pass by skipping a toolchain.
 * Call it at module level of a test file: `const skip = skipReason(tc, 'dotnet')`.
 */
export function skipReason(tc: Toolchain, name: string): string | undefined {
  if (tc.available) return undefined;
  const install = tc.install ?? `install ${name}`;
  if (isCI(process.env.CI)) throw new Error(`${name} is required under CI (CI=${process.env.CI}) but is not available: ${tc.version}; install: ${install}`);
  const record: SkipRecord = { file: callerFile(), name, why: tc.version, install };
  const message = skipLine(record);
  console.warn(message);
  const log = process.env[SKIP_LOG_VARIABLE];
  if (log) appendFileSync(log, `${JSON.stringify(record)}\n`);
  return message;
}

/** Groups skip records by what is missing: the closing summary of a run (empty string when nothing skipped). */
export function formatSkipSummary(records: SkipRecord[]): string {
  if (records.length === 0) return '';
  const groups = new Map<string, { record: SkipRecord; files: Set<string> }>();
  for (const r of records) {
    const key = `${r.name}\u0000${r.why}\u0000${r.install}`;
    const g = groups.get(key) ?? { record: r, files: new Set<string>() };
    g.files.add(r.file);
    groups.set(key, g);
  }
  const files = new Set(records.map((r) => r.file));
  const lines = [`Skipped for a missing toolchain or input (${groups.size} missing, ${files.size} test files):`];
  for (const { record, files: fs } of [...groups.values()].sort((a, b) => a.record.name.localeCompare(b.record.name))) {
    lines.push(`  ${record.name}: ${record.why}`, `    install: ${record.install}`, `    skipped in: ${[...fs].sort().join(', ')}`);
  }
  return lines.join('\n');
}
