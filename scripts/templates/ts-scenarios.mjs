// Contract scenarios of the TypeScript templates (templates/contracts), run on the JavaScript the server serves
// (transpiled by dist/templates/transpile.js, ES2022) under every Node that scripts/templates/node-runtimes.mjs
// finds, each template only on Nodes at or above its declared minimum. A template whose minimum ECMAScript is ESNext
// also runs untranspiled-in-spirit (target ESNext, its `await using` kept) on the Nodes that support it natively.
// Library variants (templates/typescript/library/) run the same way against the packages the project installs
// (the prepared folder links the project's node_modules, so `import pMap from 'p-map'` resolves as in a project).
// Build- and test-time only; needs `npm run build` first (for dist/).
//
//   node scripts/templates/ts-scenarios.mjs     prints per template and item the outcome on each Node

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exactVersion, nodeRuntimes } from './node-runtimes.mjs';
import { isMain, run, runPool } from './common.mjs';

const TEMPLATE_DIR = 'templates/typescript';
const SCENARIO_DIR = 'test/templates/contracts/typescript';
const RUNNER = 'scripts/templates/ts-scenario-runner.mjs';
/** Nodes that run `await using` natively (V8 13.x; checked on 24.0.0). */
const NATIVE_AWAIT_USING = '24.0.0';

/** Main templates, then the variants held to the same contract; their scenarios sit in the same subfolder. */
const SUBFOLDERS = ['', 'legacy/', 'library/'];

const compareVersions = (a, b) => a.localeCompare(b, undefined, { numeric: true });
const minimumOf = (text, runtime) => new RegExp(`^// minimum:.*\\b${runtime} (\\S+?)(?:,|$)`, 'm').exec(text)?.[1];

/** Template files (relative to the root) that have a scenario file, with what the runner needs to know. */
export function scenarioTargets(rootDir) {
  const out = [];
  for (const sub of SUBFOLDERS) {
    const folder = path.join(rootDir, TEMPLATE_DIR, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.ts')).sort()) {
      const stem = `${sub}${name.slice(0, -3)}`;
      const text = readFileSync(path.join(folder, name), 'utf8');
      out.push({
        template: `${TEMPLATE_DIR}/${stem}.ts`,
        pattern: name.slice(0, -3),
        stem,
        scenarioFile: `${SCENARIO_DIR}/${stem}.ts`,
        hasScenarios: existsSync(path.join(rootDir, SCENARIO_DIR, `${stem}.ts`)),
        minNode: exactVersion(minimumOf(text, 'node') ?? '20'),
        esnext: minimumOf(text, 'ecmascript') === 'ESNext',
      });
    }
  }
  return out;
}

/** Writes the transpiled templates, scenarios and a manifest into a new temporary folder; returns its path. */
export async function prepare(rootDir) {
  const { transpileToJavaScript } = await import(pathToFileURL(path.join(rootDir, 'dist/templates/transpile.js')).href);
  const ts = createRequire(path.join(rootDir, 'package.json'))('typescript');
  const dir = mkdtempSync(path.join(tmpdir(), 'ts-contract-scenarios-'));
  for (const sub of SUBFOLDERS) {
    mkdirSync(path.join(dir, 'templates', sub), { recursive: true });
    mkdirSync(path.join(dir, 'scenarios', sub), { recursive: true });
  }
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  // The library variants import their packages by name: resolve them from the project's own node_modules.
  symlinkSync(path.join(rootDir, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  const plain = (source, fileName) => {
    const out = ts.transpileModule(source, {
      fileName,
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`);
    return out.outputText;
  };
  writeFileSync(
    path.join(dir, 'scenarios/harness.js'),
    plain(readFileSync(path.join(rootDir, SCENARIO_DIR, 'harness.ts'), 'utf8'), 'harness.ts'),
  );
  const manifest = [];
  for (const t of scenarioTargets(rootDir).filter((x) => x.hasScenarios)) {
    const source = readFileSync(path.join(rootDir, t.template), 'utf8');
    writeFileSync(path.join(dir, 'templates', `${t.stem}.js`), transpileToJavaScript(source, t.template));
    const scenarioSource = readFileSync(path.join(rootDir, t.scenarioFile), 'utf8');
    // Scenario files import the harness as ./harness.js (or ../harness.js from legacy/ and library/); the layout keeps that.
    writeFileSync(path.join(dir, 'scenarios', `${t.stem}.js`), plain(scenarioSource, t.scenarioFile));
    const entry = { template: t.template, pattern: t.pattern, scenarios: `scenarios/${t.stem}.js` };
    manifest.push({ ...entry, module: `templates/${t.stem}.js`, variant: 'ES2022 JavaScript as served', minNode: t.minNode });
    if (t.esnext) {
      const native = ts.transpileModule(source, {
        fileName: t.template,
        compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
      }).outputText;
      writeFileSync(path.join(dir, 'templates', `${t.stem}.esnext.js`), native);
      const minNode = compareVersions(t.minNode, NATIVE_AWAIT_USING) < 0 ? NATIVE_AWAIT_USING : t.minNode;
      manifest.push({ ...entry, module: `templates/${t.stem}.esnext.js`, variant: 'ESNext (await using kept)', minNode });
    }
  }
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest };
}

/** Runs the prepared scenarios on one Node binary: only the manifest entries at or above their minimum. */
export async function runOn(rootDir, prepared, runtime) {
  const wanted = prepared.manifest.filter((e) => compareVersions(runtime.version, e.minNode) >= 0);
  const scratch = path.join(prepared.dir, `manifest-${runtime.version}`);
  mkdirSync(scratch, { recursive: true });
  // The runner reads <dir>/manifest.json with paths relative to <dir>: give it a folder whose manifest is filtered.
  writeFileSync(path.join(scratch, 'manifest.json'), JSON.stringify(wanted.map((e) => ({ ...e, module: `../${e.module}`, scenarios: `../${e.scenarios}` }))));
  const fakeTimers = createRequire(path.join(rootDir, 'package.json')).resolve('@sinonjs/fake-timers');
  const r = await run(runtime.path, ['--expose-gc', path.join(rootDir, RUNNER), scratch, fakeTimers], {
    cwd: prepared.dir,
    env: { ...process.env, NODE_OPTIONS: '' },
    timeoutMs: 600_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let parsed;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`scenario runner on Node ${runtime.version} printed no result (exit ${r.code}): ${`${r.stdout}${r.stderr}`.slice(-3000)}`);
  }
  return parsed.results.map((x) => ({ ...x, node: parsed.node }));
}

/**
 * Runs every scenario on every available Node (two at a time). Returns `{ results, runtimes, missing }`, where
 * `results` holds one entry per scenario per Node: `{ template, pattern, item, title, status, error?, node }`.
 */
export async function runAll(rootDir) {
  const { runtimes, missing } = nodeRuntimes(rootDir);
  const prepared = await prepare(rootDir);
  try {
    const perNode = new Array(runtimes.length);
    await runPool(runtimes.length, 2, async (i) => {
      perNode[i] = await runOn(rootDir, prepared, runtimes[i]);
    });
    return { results: perNode.flat(), runtimes, missing, manifest: prepared.manifest };
  } finally {
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const { results, runtimes, missing } = await runAll(root);
  for (const r of results) {
    console.log(`${r.status === 'passed' ? 'ok  ' : 'FAIL'} node ${r.node} ${r.template} ${r.item}: ${r.title}${r.error ? `\n     ${r.error.replaceAll('\n', '\n     ')}` : ''}`);
  }
  // One line per runtime: how many scenarios ran there (a template runs only at or above its minimum).
  for (const version of [...new Set(results.map((r) => r.node))]) {
    const here = results.filter((r) => r.node === version);
    const bad = here.filter((r) => r.status !== 'passed').length;
    console.log(`Node ${version}: ${here.length - bad} passed, ${bad} failed`);
  }
  const failed = results.filter((r) => r.status !== 'passed').length;
  console.log(`${results.length - failed} passed, ${failed} failed on ${runtimes.map((r) => r.version).join(', ')}${missing.length ? `; missing Node ${missing.join(', ')} (npm run templates:runtimes)` : ''}`);
  process.exitCode = failed ? 1 : 0;
}
