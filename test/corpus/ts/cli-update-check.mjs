#!/usr/bin/env node
// Prints a notice when a newer version of the CLI is published.
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));

function latestVersion(name) {
  return fetch(`https://registry.npmjs.org/${name}/latest`, { signal: AbortSignal.timeout(1_500) }).then((res) =>
    res.json(),
  );
}

latestVersion(pkg.name).then((latest) => { // expect: then-without-catch
  if (latest.version !== pkg.version) {
    console.error(`A new version ${latest.version} is available (you have ${pkg.version}).`);
  }
});

console.log('running command...');

export function formatNotice(current, latest) {
  return `Update available: ${current} -> ${latest}. Run \`npm i -g ${pkg.name}\` to upgrade.`;
}
