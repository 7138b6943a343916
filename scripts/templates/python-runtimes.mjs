// The CPython interpreters the Python templates run on: `python3`, any `python3.N` on PATH, and the versions pyenv
// keeps (under $PYENV_ROOT or ~/.pyenv), one per exact version, oldest first. TEMPLATE_PYTHONS (colon-separated
// commands) replaces the search. Build- and test-time only.
//
//   node scripts/templates/python-runtimes.mjs     prints what it found

import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { firstLine, isMain } from './common.mjs';

/** The oldest minor version any template declares (legacy variants: 3.8); older interpreters are not used. */
const OLDEST = [3, 8];

const parse = (line) => /^Python (\d+)\.(\d+)\.(\d+)/.exec(line ?? '');

/** `[{ version: "3.8.18", command }]`, sorted by version, deduplicated; only CPython 3.8 and later. */
export async function pythonRuntimes() {
  const candidates = [];
  if (process.env.TEMPLATE_PYTHONS) candidates.push(...process.env.TEMPLATE_PYTHONS.split(':').filter(Boolean));
  else {
    candidates.push('python3');
    for (let minor = OLDEST[1]; minor <= 20; minor += 1) candidates.push(`python3.${minor}`);
    const pyenv = path.join(process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv'), 'versions');
    if (existsSync(pyenv)) {
      for (const name of readdirSync(pyenv)) {
        const command = path.join(pyenv, name, 'bin', 'python3');
        if (existsSync(command)) candidates.push(command);
      }
    }
  }
  const found = new Map();
  for (const command of candidates) {
    // Only CPython: another implementation's asyncio is not what a template promises.
    const line = await firstLine(command, ['-c', 'import platform, sys; print("Python", platform.python_version(), platform.python_implementation())']);
    const m = parse(line);
    if (!m || !line.includes('CPython')) continue;
    const version = `${m[1]}.${m[2]}.${m[3]}`;
    if (Number(m[1]) < OLDEST[0] || (Number(m[1]) === OLDEST[0] && Number(m[2]) < OLDEST[1])) continue;
    if (!found.has(version)) found.set(version, { version, command });
  }
  return [...found.values()].sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/** True when `version` ("3.9.18") is at or above `minimum` ("3.9"). */
export function atLeast(version, minimum) {
  const v = version.split('.').map(Number);
  const m = minimum.split('.').map(Number);
  for (let i = 0; i < m.length; i += 1) {
    if ((v[i] ?? 0) !== m[i]) return (v[i] ?? 0) > m[i];
  }
  return true;
}

if (isMain(import.meta.url)) {
  for (const r of await pythonRuntimes()) console.log(`python ${r.version}: ${r.command}`);
}
