// Contract scenarios of the Python templates (templates/contracts), run by test/templates/contracts/python/run.py
// under every CPython that scripts/templates/python-runtimes.mjs finds, each template only on versions at or above
// its declared minimum. Build- and test-time only.
//
//   node scripts/templates/py-scenarios.mjs     prints per template and item the outcome on each Python

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMain, run, runPool } from './common.mjs';
import { atLeast, pythonRuntimes } from './python-runtimes.mjs';

const TEMPLATE_DIR = 'templates/python';
const SCENARIO_DIR = 'test/templates/contracts/python';
const RUNNER = `${SCENARIO_DIR}/run.py`;

/** Every Python template with its scenario file (when there is one) and its declared minimum. */
export function scenarioTargets(rootDir) {
  const out = [];
  for (const sub of ['', 'legacy/']) {
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
      });
    }
  }
  return out;
}

/** Runs the scenarios of every template at or below `runtime`'s version; one result per scenario. */
export async function runOn(rootDir, runtime) {
  const targets = scenarioTargets(rootDir).filter((t) => t.hasScenarios && atLeast(runtime.version, t.minimum));
  if (targets.length === 0) return [];
  const args = ['-X', 'dev', '-W', 'error', RUNNER, rootDir, ...targets.flatMap((t) => [t.template, t.scenarioFile])];
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

/** Runs every scenario on every Python found, two at a time: `{ results, runtimes }`. */
export async function runAll(rootDir) {
  const runtimes = await pythonRuntimes();
  const perRuntime = new Array(runtimes.length);
  await runPool(runtimes.length, 2, async (i) => {
    perRuntime[i] = await runOn(rootDir, runtimes[i]);
  });
  return { results: perRuntime.flat(), runtimes };
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
