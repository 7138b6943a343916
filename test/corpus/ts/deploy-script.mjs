#!/usr/bin/env node
// Deploy helper: builds, tags and pushes. Run from the repository root.
import { execFileSync, execSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

// Start-up checks run before anything else, synchronously, on purpose.
const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { encoding: 'utf8', timeout: 10_000 }).trim();
if (branch !== 'main') {
  console.error(`refusing to deploy from ${branch}`);
  process.exit(1);
}

async function build() {
  const out = execSync('npm run build', { encoding: 'utf8', timeout: 600_000 }); // expect: blocking-call-in-async
  await writeFile('build.log', out);
}

async function tagRelease(version) {
  execFileSync('git', ['tag', `v${version}`], { timeout: 10_000 }); // expect: blocking-call-in-async
  await writeFile('.last-release', version);
}

async function main() {
  const version = process.argv[2];
  if (!version) throw new Error('usage: deploy.mjs <version>');
  await build();
  await tagRelease(version);
  console.log(`deployed ${version}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
