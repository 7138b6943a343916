// Completeness oracle for the Python catalog: test/catalog/typeshed_oracle.py reads typeshed's stubs with Python's
// own ast module (not the generator's tree-sitter walk) and lists every public name of every covered module, its
// public submodules and their classes (inherited members included) at the newest Python version the catalog
// checks, on every platform; each must answer `verified`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyApi } from '../../src/catalog/index.js';
import { probeToolchain, skipReason } from '../helpers/toolchain.js';
// @ts-expect-error build-time generator in plain JS
import { PYTHON_MODULES, PYTHON_VERSIONS } from '../../scripts/catalog/python.mjs';

const python = probeToolchain('python3');
const skip = skipReason(python, 'python3');
const require = createRequire(import.meta.url);
const stdlib = path.join(path.dirname(require.resolve('pyright/package.json')), 'dist', 'typeshed-fallback', 'stdlib');

describe.skipIf(skip !== undefined)('typeshed oracle (Python ast)', () => {
  it(`every public name of the covered modules, submodules and classes at Python ${(PYTHON_VERSIONS as string[]).at(-1)} answers verified`, () => {
    const newest = (PYTHON_VERSIONS as string[]).at(-1)!;
    const r = spawnSync('python3', [path.join(import.meta.dirname, 'typeshed_oracle.py'), stdlib, newest, ...(PYTHON_MODULES as string[])], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const symbols = JSON.parse(r.stdout) as string[];
    const failures = symbols.map((s) => [s, verifyApi('python', s)] as const).filter(([, v]) => v.status !== 'verified').map(([s, v]) => `${s}: ${v.status}`);
    console.log(`python typeshed oracle (Python ${newest}): ${symbols.length} names, ${failures.length} mismatches`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(symbols.length).toBeGreaterThan(3000);
  });
});
