import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useInMemoryClient } from '../helpers/mcp-client.js';
import { runBin } from '../helpers/spawn-server.js';

// Reviewed code is parsed and type-checked, never imported or run. Each sample would create `marker` if it ran.
const dir = mkdtempSync(path.join(tmpdir(), 'aem-never-exec-'));
const marker = (name: string) => path.join(dir, `${name}.ran`);

const samples = {
  typescript: (m: string) => `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(m)}, 'ran');\nexport async function f(): Promise<void> {}\n`,
  javascript: (m: string) => `const fs = require('node:fs');\nfs.writeFileSync(${JSON.stringify(m)}, 'ran');\nmodule.exports = async () => {};\n`,
  python: (m: string) => `import asyncio\nopen(${JSON.stringify(m)}, "w").write("ran")\n\nasync def main() -> None:\n    await asyncio.sleep(0)\n`,
} as const;

const client = useInMemoryClient();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('reviewed code is never executed', () => {
  it.each(Object.keys(samples) as (keyof typeof samples)[])('review_code on %s leaves no side effect', async (language) => {
    const m = marker(`tool-${language}`);
    const result = await client().callTool({ name: 'review_code', arguments: { code: samples[language](m), language } });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(existsSync(m)).toBe(false);
  });

  it('the review CLI leaves no side effect either', async () => {
    const files = (['typescript', 'python'] as const).map((language) => {
      const file = path.join(dir, language === 'python' ? 'sample.py' : 'sample.ts');
      writeFileSync(file, samples[language](marker(`cli-${language}`)));
      return file;
    });
    const r = await runBin(['review', '--format', 'json', ...files]);
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    expect(existsSync(marker('cli-typescript'))).toBe(false);
    expect(existsSync(marker('cli-python'))).toBe(false);
  });
});
