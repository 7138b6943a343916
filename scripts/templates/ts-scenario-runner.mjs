// Runs the TypeScript templates' contract scenarios on the Node that runs this file (any Node from 20.0 on), against
// the transpiled JavaScript that scripts/templates/ts-scenarios.mjs prepared. Prints one JSON array of results.
//
//   node --expose-gc ts-scenario-runner.mjs <prepared dir> <path of @sinonjs/fake-timers>
//
// Each scenario gets a fresh fake clock (setTimeout & co, Date, performance.now, timers/promises) unless it asks
// for the real one, and a real-time guard so a hung scenario fails instead of hanging the run.

import { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, fakeTimersPath] = process.argv.slice(2);
if (!dir || !fakeTimersPath) {
  console.error('usage: node ts-scenario-runner.mjs <prepared dir> <path of @sinonjs/fake-timers>');
  process.exit(2);
}
const FakeTimers = (await import(pathToFileURL(fakeTimersPath).href)).default;
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const GUARD_MS = 30_000;
const TO_FAKE = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date', 'performance'];
const node = process.versions.node;
const gc = () => {
  if (typeof globalThis.gc !== 'function') throw new Error('start Node with --expose-gc');
  globalThis.gc();
  globalThis.gc();
};
// A late rejection from a scenario that already failed must not end the run; it is reported against the scenario.
let stray = [];
process.on('unhandledRejection', (reason) => stray.push(reason));

const describe = (error) =>
  error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);

async function runOne(scenario, templateUrl) {
  let clock;
  let installed;
  if (scenario.clock !== 'real') {
    installed = FakeTimers.withGlobal(globalThis).install({ toFake: TO_FAKE, now: 0, shouldClearNativeTimers: true });
    // Named imports of node:timers/promises are bindings of the builtin's ESM facade: sync them to the fakes.
    syncBuiltinESMExports();
    clock = {
      tick: async (ms) => {
        await installed.tickAsync(ms);
      },
      flush: async () => {
        await installed.tickAsync(0);
      },
      now: () => installed.now,
      pending: () => installed.countTimers(),
    };
  }
  let guard;
  const timedOut = new Promise((_resolve, reject) => {
    guard = realSetTimeout(() => reject(new Error(`scenario still running after ${GUARD_MS / 1000} s of real time`)), GUARD_MS);
  });
  stray = [];
  try {
    await Promise.race([scenario.run({ clock, node, gc, templateUrl }), timedOut]);
    // A rejection nobody handled during the scenario is a defect of the template (or the scenario).
    await new Promise((resolve) => setImmediateReal(resolve));
    if (stray.length > 0) throw new Error(`unhandled rejection during the scenario: ${describe(stray[0])}`);
    return { status: 'passed' };
  } catch (error) {
    return { status: 'failed', error: describe(error) };
  } finally {
    realClearTimeout(guard);
    if (installed) {
      installed.uninstall();
      syncBuiltinESMExports();
    }
  }
}

/** setImmediate as Node has it, whatever the fake clock did to the global. */
const nativeSetImmediate = globalThis.setImmediate;
function setImmediateReal(callback) {
  nativeSetImmediate(callback);
}

const results = [];
for (const entry of manifest) {
  let scenarios;
  let templateUrl;
  try {
    templateUrl = pathToFileURL(path.join(dir, entry.module)).href;
    const template = await import(templateUrl);
    scenarios = (await import(pathToFileURL(path.join(dir, entry.scenarios)).href)).default(template);
  } catch (error) {
    results.push({ template: entry.template, pattern: entry.pattern, variant: entry.variant, item: '', title: 'load', status: 'failed', error: describe(error) });
    continue;
  }
  for (const scenario of scenarios) {
    const started = Date.now();
    const outcome = await runOne(scenario, templateUrl);
    results.push({
      template: entry.template,
      pattern: entry.pattern,
      variant: entry.variant,
      item: scenario.item,
      title: scenario.title,
      ...outcome,
      ms: Date.now() - started,
    });
  }
}
process.stdout.write(`${JSON.stringify({ node, results })}\n`);
