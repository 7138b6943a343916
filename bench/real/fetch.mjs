#!/usr/bin/env node
/**
 * Fetches the pinned real code of bench/real/manifest.json into .cache/real-code/ (gitignored; nothing fetched is
 * ever committed). Already-fetched entries are skipped (a `.fetched` stamp holds what it was made from).
 *
 *   node bench/real/fetch.mjs [--set tuning|held-out] [--language typescript|python|...] [id...]
 *
 * npm entries: `npm pack name@version`; Debian entries: `apt-get download name=version` + `dpkg-deb -x`; GitHub
 * entries: the repository mirror that the agent-only search tool's `fetch` brings to /work/.mirror/owner+name/
 * (this script cannot fetch it: it says so and goes on), checked out at the pinned commit with `git archive`, then
 * `npm install --ignore-scripts` when the entry asks for an install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryDir, loadManifest, parseSelection, selectEntries } from './manifest.mjs';

const MIRRORS = process.env.REAL_CODE_MIRRORS ?? '/work/.mirror';

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function fetchNpm(entry, dir) {
  const tmp = mkdtempSync(join(tmpdir(), 'real-npm-'));
  try {
    const out = run('npm', ['pack', `${entry.name}@${entry.version}`, '--pack-destination', tmp, '--silent'], tmp).toString().trim().split('\n').pop();
    mkdirSync(dir, { recursive: true });
    run('tar', ['-xzf', join(tmp, out), '-C', dir]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function fetchDebian(entry, dir) {
  const tmp = mkdtempSync(join(tmpdir(), 'real-deb-'));
  try {
    run('apt-get', ['download', `${entry.name}=${entry.version}`], tmp);
    const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${entry.name}=${entry.version} left no .deb (run apt-get update first?)`);
    mkdirSync(dir, { recursive: true });
    run('dpkg-deb', ['-x', join(tmp, deb), dir]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The git directory of a mirror: /work/.mirror/owner+name/<something with HEAD and objects/>. */
function mirrorGitDir(repo) {
  const base = join(MIRRORS, repo.replace('/', '+'));
  if (!existsSync(base)) return undefined;
  const candidates = [base, ...readdirSync(base).map((d) => join(base, d))];
  return candidates.find((d) => statSync(d).isDirectory() && existsSync(join(d, 'HEAD')) && existsSync(join(d, 'objects')));
}

function fetchGithub(entry, dir) {
  const gitDir = mirrorGitDir(entry.repo);
  if (!gitDir) {
    throw new Error(`no mirror of ${entry.repo} at ${MIRRORS}/${entry.repo.replace('/', '+')}: bring it with the search tool's fetch ("github:${entry.repo}"), then run this again`);
  }
  try {
    run('git', ['--git-dir', gitDir, 'cat-file', '-e', `${entry.commit}^{commit}`]);
  } catch {
    throw new Error(`the mirror of ${entry.repo} (${gitDir}) lacks commit ${entry.commit}: fetch a newer snapshot or pin a commit it has`);
  }
  mkdirSync(dir, { recursive: true });
  const tar = join(mkdtempSync(join(tmpdir(), 'real-git-')), 'src.tar');
  run('git', ['--git-dir', gitDir, 'archive', '--format=tar', '-o', tar, entry.commit]);
  run('tar', ['-xf', tar, '-C', dir]);
  rmSync(tar, { force: true });
  if (entry.install && existsSync(join(dir, 'package.json'))) {
    // Scripts never run: the code is measured, not built. Lock files of other managers are ignored by npm.
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps'], dir);
  }
}

const FETCHERS = { npm: fetchNpm, debian: fetchDebian, github: fetchGithub };

/** What decides the fetched bytes (not which paths are reviewed or which set the entry is in). */
function fetchKey(e) {
  return JSON.stringify([e.source, e.name, e.version, e.repo, e.commit, e.install ?? false]);
}

const sel = parseSelection(process.argv.slice(2));
const entries = selectEntries(loadManifest(), sel);
let failed = 0;
for (const entry of entries) {
  const dir = entryDir(entry);
  const stamp = join(dir, '.fetched');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fetchKey(entry)) {
    console.log(`${entry.id}: already fetched`);
    continue;
  }
  rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  try {
    FETCHERS[entry.source](entry, dir);
    writeFileSync(stamp, fetchKey(entry));
    console.log(`${entry.id}: fetched (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed += 1;
    rmSync(dir, { recursive: true, force: true });
    const detail = err.stderr?.toString().trim().split('\n').slice(-3).join(' | ');
    console.error(`${entry.id}: NOT fetched: ${err.message.split('\n')[0]}${detail ? ` (${detail})` : ''}`);
  }
}
console.log(`${entries.length - failed} of ${entries.length} entries present in ${join('.cache', 'real-code')}`);
process.exitCode = failed > 0 ? 1 : 0;
