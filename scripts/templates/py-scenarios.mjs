// Contract scenarios of the Python templates (templates/contracts), run by test/templates/contracts/python/run.py
// under every CPython that scripts/templates/python-runtimes.mjs finds, each template only on versions at or above
// its declared minimum. Library variants (templates/python/library/, `# library: tenacity 8.2.1`) run on every
// interpreter among those, and Debian's /usr/bin/python3 (where `apt-get install python3-tenacity` puts the package),
// that imports the pinned versions; their scenario files sit in library/ beside the others. Build- and test-time only.
//
//   node scripts/templates/py-scenarios.mjs     prints per template and item the outcome on each Python

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMain, run, runPool } from './common.mjs';
import { atLeast, DEBIAN_PYTHON, interpreterWith, libraryPackages, pythonRuntimes } from './python-runtimes.mjs';

const TEMPLATE_DIR = 'templates/python';
const SCENARIO_DIR = 'test/templates/contracts/python';
const RUNNER = `${SCENARIO_DIR}/run.py`;

/** Every Python template with its scenario file (when there is one) and its declared minimum. */
export function scenarioTargets(rootDir) {
  const out = [];
  for (const sub of ['', 'legacy/', 'library/']) {
    const folder = path.join(rootDir, TEMPLATE_DIR, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.py')).sort()) {
      const stem = `${sub}${name.slice(0, -3)}`;
      const text = readFileSync(path.join(folder, name), 'utf8');
      const scenarioFile = `${SCENARIO_DIR}/${stem}.py`;
      out.push({
        template: `${TEMPLATE_DIR}/${stem}.py`,
        scenarioFile,
        hasScenarios: existsSync(path.join(rootDir, scenarioFile)),
        minimum: /^# minimum:.*\bpython (\d+\.\d+)/m.exec(text)?.[1] ?? '3.11',
        packages: libraryPackages(text),
      });
    }
  }
  return out;
}

/** Runs the scenarios of `targets` (default: every main and legacy template) that `runtime` is new enough for. */
export async function runOn(rootDir, runtime, targets = scenarioTargets(rootDir).filter((t) => t.packages.length === 0)) {
  const wanted = targets.filter((t) => t.hasScenarios && atLeast(runtime.version, t.minimum));
  if (wanted.length === 0) return [];
  const args = ['-X', 'dev', '-W', 'error', RUNNER, rootDir, ...wanted.flatMap((t) => [t.template, t.scenarioFile])];
  const r = await run(runtime.command, args, {
    cwd: rootDir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    timeoutMs: 900_000,
  });
  let parsed;
  try {
    parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new Error(`scenario runner on Python ${runtime.version} printed no result (exit ${r.code}): ${`${r.stdout}${r.stderr}`.slice(-3000)}`);
  }
  return parsed.results.map((x) => ({ ...x, python: parsed.python }));
}

/**
 * Runs every scenario on every Python found, two at a time: `{ results, runtimes, libraryMissing }`. A library
 * variant's results carry its package versions (`packages`); `libraryMissing` names each variant no interpreter
 * here can import, with the install line.
 */
export async function runAll(rootDir) {
  const runtimes = await pythonRuntimes();
  const targets = scenarioTargets(rootDir).filter((t) => t.hasScenarios);
  const jobs = runtimes.map((runtime) => ({ runtime, targets: targets.filter((t) => t.packages.length === 0) }));
  const libraryMissing = [];
  for (const target of targets.filter((t) => t.packages.length > 0)) {
    let ran = false;
    const why = [];
    for (const command of [...new Set([...runtimes.map((r) => r.command), DEBIAN_PYTHON])]) {
      const found = await interpreterWith(target.packages, [command]);
      if (found.interpreter === undefined) {
        why.push(found.why);
        continue;
      }
      ran = true;
      // Debian's interpreter may be one of those found (python3 under CI): one job per exact version.
      let job = jobs.find((j) => j.runtime.version === found.python);
      if (!job) jobs.push((job = { runtime: { version: found.python, command }, targets: [] }));
      job.targets.push(target);
    }
    if (!ran) libraryMissing.push({ template: target.template, why: why.at(-1) ?? 'no interpreter' });
  }
  const perJob = new Array(jobs.length);
  await runPool(jobs.length, 2, async (i) => {
    const { runtime, targets: mine } = jobs[i];
    const packagesOf = new Map(
      mine.filter((t) => t.packages.length > 0).map((t) => [t.template, Object.fromEntries(t.packages.map((p) => [p.name, p.version]))]),
    );
    const results = await runOn(rootDir, runtime, mine);
    perJob[i] = results.map((r) => (packagesOf.has(r.template) ? { ...r, packages: packagesOf.get(r.template) } : r));
  });
  return { results: perJob.flat(), runtimes: jobs.map((j) => j.runtime).sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true })), libraryMissing };
}

if (isMain(import.meta.url)) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const { results, runtimes } = await runAll(root);
  for (const r of results) {
    console.log(`${r.status === 'passed' ? 'ok  ' : 'FAIL'} python ${r.python} ${r.template} ${r.item}: ${r.title}${r.error ? `\n     ${r.error.replaceAll('\n', '\n     ')}` : ''}`);
  }
  // One line per runtime: how many scenarios ran there (a template runs only at or above its minimum).
  for (const version of [...new Set(results.map((r) => r.python))]) {
    const here = results.filter((r) => r.python === version);
    const bad = here.filter((r) => r.status !== 'passed').length;
    console.log(`Python ${version}: ${here.length - bad} passed, ${bad} failed`);
  }
  const failed = results.filter((r) => r.status !== 'passed').length;
  console.log(`${results.length - failed} passed, ${failed} failed on Python ${runtimes.map((r) => r.version).join(', ')}`);
  process.exitCode = failed ? 1 : 0;
}
