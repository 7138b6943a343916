import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSkill } from '../../src/skill/load-skill.js';
import { useInMemoryClient } from '../helpers/mcp-client.js';
import { REPO_ROOT } from '../helpers/spawn-server.js';

const client = useInMemoryClient();

const SECRET = /root:|BEGIN|"name": "async-expert-mcp"/;

describe('resource reads never reach files outside the package folders', () => {
  const attempts = [
    'skill://async-expert/../../package.json',
    'skill://async-expert/..%2F..%2Fpackage.json',
    'skill://async-expert/%2e%2e/%2e%2e/package.json',
    'skill://async-expert/references/../../../package.json',
    'skill://async-expert//etc/passwd',
    'skill://async-expert/%2Fetc%2Fpasswd',
    'skill:///etc/passwd',
    'file:///etc/passwd',
    'pattern://python/..%2F..%2Fpackage',
    'pattern://python/../../../etc/passwd',
    'pattern://..%2F..%2Fetc/passwd',
    'api://python/..%2F..%2F..%2Fetc%2Fpasswd',
  ];

  it.each(attempts)('%s is refused or answered without file content', async (uri) => {
    let text = '';
    try {
      const { contents } = await client().readResource({ uri });
      text = contents.map((c) => ('text' in c ? String(c.text) : '')).join('\n');
    } catch {
      return; // refused: the expected outcome for most of these
    }
    // api:// answers any symbol with a verdict (here cannot_verify); it must never carry file content.
    expect(text).not.toMatch(SECRET);
  });

  it('skips symbolic links when loading a skill folder, even ones pointing inside', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aem-skill-'));
    try {
      const skillDir = path.join(dir, 'async-expert');
      cpSync(path.join(REPO_ROOT, 'skills', 'async-expert'), skillDir, { recursive: true });
      symlinkSync('/etc/passwd', path.join(skillDir, 'references', 'passwd.md'));
      symlinkSync(path.join(REPO_ROOT, 'package.json'), path.join(skillDir, 'package.json'));
      symlinkSync('/etc', path.join(skillDir, 'etc'));
      const skill = loadSkill(skillDir);
      const paths = skill.files.map((f) => f.path);
      expect(paths).not.toContain('references/passwd.md');
      expect(paths).not.toContain('package.json');
      expect(paths.some((p) => p.startsWith('etc/'))).toBe(false);
      expect(paths).toContain('SKILL.md');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
