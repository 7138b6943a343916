import { spawnSync } from 'node:child_process';

export interface Toolchain {
  /** The command is runnable. */
  available: boolean;
  /** First line of `<command> --version`, or why it is not available. */
  version: string;
}

/**
 * Probes a toolchain command. Tests use it with `describe.skipIf(!tc.available)`; under CI a missing toolchain
 * is a failure rather than a skip (see `assertToolchainOrSkip`).
 */
export function probeToolchain(command: string, versionArgs: string[] = ['--version']): Toolchain {
  const r = spawnSync(command, versionArgs, { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) {
    return { available: false, version: `${command} not found` };
  }
  const line = `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
  return { available: true, version: line };
}

/** True when running under CI, where every toolchain must be present. */
export const underCI = process.env.CI === 'true';

/**
 * Returns a message for a skipped suite, or throws under CI: CI must never pass by skipping a toolchain.
 * Call it at module level of a test file: `const skip = skipReason(tc, 'dotnet')`.
 */
export function skipReason(tc: Toolchain, name: string): string | undefined {
  if (tc.available) return undefined;
  if (underCI) throw new Error(`${name} is required under CI (CI=true) but was not found: ${tc.version}`);
  const message = `skipped: ${name} not found`;
  console.warn(message);
  return message;
}
