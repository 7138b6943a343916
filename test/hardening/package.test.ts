import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/spawn-server.js';

interface PackFile {
  path: string;
}

describe('the published package', () => {
  // --ignore-scripts: packing must not rebuild dist/ while other test files use it.
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  const files = (JSON.parse(r.stdout) as [{ files: PackFile[] }])[0].files.map((f) => f.path);

  it('ships only what runs: the build, the skill, the templates and the notices', () => {
    const stray = files.filter(
      (f) => !/^(dist|skills|templates)\//.test(f) && !['README.md', 'LICENSE', 'NOTICE', 'package.json'].includes(f),
    );
    expect(stray).toEqual([]);
    expect(files.filter((f) => /^(src|test|scripts|bench|\.ci)\//.test(f))).toEqual([]);
  });

  it('includes the bin, the skill and the template records', () => {
    for (const f of ['dist/cli.js', 'dist/server/create-server.js', 'skills/async-expert/SKILL.md', 'skills/async-expert/checklist.json', 'LICENSE']) {
      expect(files).toContain(f);
    }
  });
});
