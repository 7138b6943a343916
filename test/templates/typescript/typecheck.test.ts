import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('TypeScript templates type-check', () => {
  it('tsc -p test/templates/tsconfig.json (strict, ES2022 lib, @types/node 20) exits 0', () => {
    const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/templates/tsconfig.json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    // The compiler's own diagnostics are the useful failure message.
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
