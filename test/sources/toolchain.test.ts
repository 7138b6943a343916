// test/helpers/toolchain.ts, the one module suites ask about toolchains and inputs: what "under CI" means, a
// toolchain too old counts as missing (with its version), the hide variable, the skip line and the closing summary.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  compareVersions,
  formatSkipSummary,
  HIDE_VARIABLE,
  isCI,
  probeDebianCrates,
  probeInput,
  probeInputs,
  probeToolchain,
  skipLine,
  skipReason,
} from '../helpers/toolchain.js';

const saved = { ...process.env };
// Each test sets what it needs: a run with ASYNC_EXPERT_HIDE_TOOLCHAINS or CI set must not change the answers here.
beforeEach(() => {
  delete process.env[HIDE_VARIABLE];
  delete process.env.CI;
});
afterEach(() => {
  for (const k of ['CI', HIDE_VARIABLE, 'PATH', 'ASYNC_EXPERT_SOURCES_DIR', 'ASYNC_EXPERT_SKIP_LOG']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('under CI', () => {
  it.each([
    [undefined, false], ['', false], ['0', false], ['false', false], ['FALSE', false], [' false ', false],
    ['1', true], ['true', true], ['yes', true], ['TRUE', true],
  ])('CI=%j -> %s', (value, expected) => {
    expect(isCI(value)).toBe(expected);
  });

  it('a missing toolchain throws under CI=1 and skips with one line otherwise', () => {
    const tc = { available: false, version: 'dotnet not found', install: 'install-dotnet' };
    process.env.CI = '1';
    expect(() => skipReason(tc, 'dotnet')).toThrow(/dotnet is required under CI \(CI=1\) but is not available: dotnet not found; install: install-dotnet/);
    process.env.CI = 'false';
    delete process.env.ASYNC_EXPERT_SKIP_LOG; // not a real skip: keep it out of the run's summary
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(skipReason(tc, 'dotnet')).toBe('skipped: dotnet: dotnet not found; install: install-dotnet');
    expect(warn.mock.calls).toEqual([['skipped: dotnet: dotnet not found; install: install-dotnet']]);
    warn.mockRestore();
    expect(skipReason({ available: true, version: '10.0.401' }, 'dotnet')).toBeUndefined();
  });
});

describe('versions', () => {
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'async-expert-fake-bin-'));
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  /** A fake command on PATH that prints `text` for --version. */
  function fake(command: string, text: string): void {
    const file = path.join(bin, command);
    writeFileSync(file, `#!/bin/sh\necho "${text}"\n`);
    chmodSync(file, 0o755);
    process.env.PATH = `${bin}${path.delimiter}${saved.PATH ?? ''}`;
  }

  it('compares dotted versions numerically', () => {
    expect(compareVersions('3.9', '3.11')).toBe(-1);
    expect(compareVersions('1.70.0', '1.70')).toBe(0);
    expect(compareVersions('10.0.401', '10.0')).toBe(1);
  });

  it.each([
    ['python3', 'Python 3.9.18', false, /python3 3\.9\.18 is older than 3\.11/],
    ['python3', 'Python 3.12.1', true, /Python 3\.12\.1/],
    ['dotnet', '8.0.404', false, /dotnet 8\.0\.404 is older than 10\.0/],
    ['dotnet', '10.0.401', true, /10\.0\.401/],
    ['cargo', 'cargo 1.63.0', false, /cargo 1\.63\.0 is older than 1\.70/],
    ['cargo', 'cargo 1.95.0 (f2d3ce0bd 2026-03-21)', true, /cargo 1\.95\.0/],
  ])('%s printing "%s": available=%s', (command, text, available, version) => {
    fake(command, text);
    const tc = probeToolchain(command);
    expect(tc.available).toBe(available);
    expect(tc.version).toMatch(version);
    expect(tc.install).toBeTruthy();
  });

  it('a command that is not there is missing, with the command that installs it', () => {
    process.env.PATH = bin;
    expect(probeToolchain('python3')).toEqual({ available: false, version: 'python3 not found', install: 'apt-get install -y python3' });
  });
});

describe(HIDE_VARIABLE, () => {
  it('hides named toolchains, and `all` hides every toolchain, fetched input and the Debian crates', () => {
    process.env[HIDE_VARIABLE] = 'dotnet, cargo';
    expect(probeToolchain('dotnet')).toMatchObject({ available: false, version: `dotnet hidden by ${HIDE_VARIABLE}=dotnet, cargo` });
    expect(probeToolchain('cargo').available).toBe(false);
    expect(probeToolchain('node').available).toBe(true);
    process.env[HIDE_VARIABLE] = 'all';
    for (const tc of [probeToolchain('python3'), probeInput('nodejs-doc'), probeDebianCrates()]) {
      expect(tc.available).toBe(false);
      expect(tc.version).toContain(`hidden by ${HIDE_VARIABLE}=all`);
      expect(tc.install).toBeTruthy();
    }
    // npm inputs come with `npm install`, which a fresh clone has: hiding does not apply to them.
    expect(probeInput('types-node-20').available).toBe(true);
  });

  it('`sources` hides the fetched inputs and names the command for the missing ones only', () => {
    process.env[HIDE_VARIABLE] = 'sources';
    expect(probeInputs(['nodejs-doc', 'types-node-20'])).toMatchObject({
      available: false,
      install: 'npm run setup:sources -- nodejs-doc',
    });
  });
});

describe('Debian crate sources', () => {
  it('needs tokio 1.x and futures 0.3 in the registry folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'async-expert-registry-'));
    try {
      expect(probeDebianCrates(dir)).toMatchObject({ available: false, version: expect.stringMatching(/no tokio 1\.x or futures 0\.3 sources/), install: 'apt-get install -y librust-tokio-dev librust-futures-dev' });
      for (const crate of ['tokio-1.24.2', 'futures-0.3.21']) writeFileSync(path.join(dir, crate), '');
      expect(probeDebianCrates(dir)).toMatchObject({ available: true, version: 'tokio-1.24.2, futures-0.3.21' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('skip summary', () => {
  it('groups skips by what is missing, with the install command and the files', () => {
    const a = { file: 'test/a.test.ts', name: 'python3', why: 'python3 not found', install: 'apt-get install -y python3' };
    const b = { ...a, file: 'test/b.test.ts' };
    const c = { file: 'test/c.test.ts', name: 'dotnet', why: 'dotnet not found', install: 'x' };
    expect(formatSkipSummary([])).toBe('');
    expect(formatSkipSummary([a, b, c, a])).toBe([
      'Skipped for a missing toolchain or input (2 missing, 3 test files):',
      '  dotnet: dotnet not found', '    install: x', '    skipped in: test/c.test.ts',
      '  python3: python3 not found', '    install: apt-get install -y python3', '    skipped in: test/a.test.ts, test/b.test.ts',
    ].join('\n'));
    expect(skipLine(a)).toBe('skipped: python3: python3 not found; install: apt-get install -y python3');
  });
});
