// The CPython interpreters the Python templates run on: `python3`, any `python3.N` on PATH, and the versions pyenv
// keeps (under $PYENV_ROOT or ~/.pyenv), one per exact version, oldest first. TEMPLATE_PYTHONS (colon-separated
// commands) replaces the search. Build- and test-time only.
//
//   node scripts/templates/python-runtimes.mjs     prints what it found

import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { firstLine, isMain, run } from './common.mjs';

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

/** Debian's interpreter: `apt-get install python3-<package>` installs for it, not for a pyenv or venv python3. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * The packages a library variant pins, from its `# library: tenacity 8.2.1` header line (none for other templates).
 * @returns {Array<{ name: string, version: string, module: string }>}
 */
export function libraryPackages(text) {
  const line = /^# library:\s*(.+)$/m.exec(text.slice(0, text.indexOf('# @end') + 1 || undefined))?.[1];
  if (!line) return [];
  return line.split(',').map((entry) => {
    const [name = '', version = ''] = entry.trim().split(/\s+/);
    return { name, version, module: name.toLowerCase().replace(/-/g, '_') };
  });
}

/**
 * The first interpreter that imports every package at exactly its pinned version, with a toolchain line such as
 * "Python 3.11.2 (/usr/bin/python3), tenacity 8.2.1"; otherwise why none fits.
 * @param {Array<{ name: string, version: string, module: string }>} packages
 * @param {string[]} interpreters
 * @returns {Promise<{ interpreter?: string, toolchain: string, why: string }>}
 */
export async function interpreterWith(packages, interpreters) {
  const probe = [
    'import importlib.metadata as m, json, sys',
    `pins = ${JSON.stringify(packages.map((p) => [p.module, p.name]))}`,
    'found = {}',
    'for module, dist in pins:',
    '    __import__(module)',
    '    found[dist] = m.version(dist)',
    'print(json.dumps({"python": sys.version.split()[0], "found": found}))',
  ].join('\n');
  const seen = [];
  for (const interpreter of [...new Set(interpreters)]) {
    const r = await run(interpreter, ['-c', probe], { cwd: process.cwd(), env: process.env, timeoutMs: 60_000 });
    if (r.code !== 0) {
      seen.push(`${interpreter}: ${r.startError ?? (r.stderr.trim().split('\n').pop() || `exited ${r.code}`)}`);
      continue;
    }
    const { python, found } = JSON.parse(r.stdout);
    const wrong = packages.filter((p) => found[p.name] !== p.version);
    if (wrong.length > 0) {
      seen.push(`${interpreter}: ${wrong.map((p) => `${p.name} ${found[p.name]} (pinned ${p.version})`).join(', ')}`);
      continue;
    }
    const versions = packages.map((p) => `${p.name} ${p.version}`).join(', ');
    return { interpreter, python, toolchain: `Python ${python} (${interpreter}), ${versions}`, why: '' };
  }
  const wanted = packages.map((p) => `${p.name} ${p.version}`).join(', ');
  return { toolchain: '', why: `no interpreter imports ${wanted} (apt-get install ${packages.map((p) => `python3-${p.module}`).join(' ')}): ${seen.join('; ')}` };
}

if (isMain(import.meta.url)) {
  for (const r of await pythonRuntimes()) console.log(`python ${r.version}: ${r.command}`);
}
