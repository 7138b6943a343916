#!/usr/bin/env node
// Precision and recall of verify_api on installed third-party packages, against ground truth taken from the packages
// themselves at run time (this script imports them; the server never does).
//   npm:    node bench/installed-api.mjs npm <project-dir> <pkg>...
//   python: node bench/installed-api.mjs python <project-dir> <module>...   (needs python3; imports with the venv's path)
// Real names: every public export and, for classes, every public prototype member (npm) / dir() name (Python).
// Invented names: each real member name with a common hallucination applied (…Async, …All, get…, a typo), kept only
// when it does not exist at run time. A `not_found` on a real name is a false claim; on an invented name, a catch.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [kind, dir, ...names] = process.argv.slice(2);
if (!kind || !dir || names.length === 0) {
  console.error('usage: node bench/installed-api.mjs npm|python <project-dir> <package>...');
  process.exit(2);
}
const dist = new URL('../dist/workspace/', import.meta.url);
const { verifyNpmSymbol } = await import(new URL('npm-api.js', dist).href);
const { verifyPythonSymbol } = await import(new URL('python-api.js', dist).href);

const MUTATIONS = [(n) => `${n}Async`, (n) => `${n}All`, (n) => `get${n[0].toUpperCase()}${n.slice(1)}`, (n) => (n.length > 4 ? n.slice(0, -2) + n.at(-1) + n.at(-2) : `${n}x`)];
const publicName = (n) => /^[A-Za-z][\w$]*$/.test(n) && n !== 'constructor';

/** npm ground truth: { symbol path -> true } for exports and class prototype members, from the loaded module. */
async function npmTruth(pkg) {
  const require = createRequire(join(dir, 'package.json'));
  let mod;
  try {
    mod = await import(pathToFileURL(require.resolve(pkg)).href);
  } catch {
    mod = require(pkg);
  }
  const real = [];
  const containers = [];
  for (const k of Object.keys(mod)) {
    if (!publicName(k) && k !== 'default') continue;
    real.push({ symbol: `${pkg}.${k}`, parent: pkg, name: k, siblings: Object.keys(mod) });
    const v = mod[k];
    if (typeof v === 'function' && v.prototype && Object.getOwnPropertyNames(v.prototype).length > 1) containers.push({ path: `${pkg}.${k}.prototype`, proto: v.prototype });
  }
  for (const { path, proto } of containers.slice(0, 25)) {
    const seen = new Set();
    for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) for (const n of Object.getOwnPropertyNames(p)) seen.add(n);
    for (const n of seen) if (publicName(n)) real.push({ symbol: `${path}.${n}`, parent: path, name: n, siblings: [...seen] });
  }
  return real;
}

function pythonTruth(module) {
  const site = execFileSync('bash', ['-c', `ls -d ${JSON.stringify(dir)}/.venv/lib/python3*/site-packages | head -1`]).toString().trim();
  const script = `
import importlib, inspect, json, sys
sys.path.insert(0, ${JSON.stringify(site)})
m = importlib.import_module(${JSON.stringify(module)})
out = []
names = [n for n in dir(m) if not n.startswith('_')]
for n in names:
    out.append({"symbol": f"${module}.{n}", "parent": "${module}", "name": n, "siblings": names})
    v = getattr(m, n, None)
    if inspect.isclass(v) and getattr(v, '__module__', '').startswith(${JSON.stringify(module.split('.')[0])}):
        ms = [a for a in dir(v) if not a.startswith('_')]
        for a in ms:
            out.append({"symbol": f"${module}.{n}.{a}", "parent": f"${module}.{n}", "name": a, "siblings": ms})
print(json.dumps(out))
`;
  // PYTHON / PYTHONPATH pick the interpreter and any extra path the packages' own imports need (ground truth only).
  return JSON.parse(execFileSync(process.env.PYTHON ?? 'python3', ['-c', script], { maxBuffer: 64 * 1024 * 1024 }).toString());
}

const verify = (symbol) => (kind === 'npm' ? verifyNpmSymbol({ language: 'node', symbol, from: dir, stopAt: dir }) : verifyPythonSymbol({ symbol, from: dir, stopAt: dir }));

for (const pkg of names) {
  const started = performance.now();
  const real = kind === 'npm' ? await npmTruth(pkg) : pythonTruth(pkg);
  const realSet = new Set(real.map((r) => r.symbol));
  const invented = [];
  for (const r of real) {
    for (const m of MUTATIONS) {
      const name = m(r.name);
      if (!r.siblings.includes(name) && !realSet.has(`${r.parent}.${name}`)) invented.push(`${r.parent}.${name}`);
    }
  }
  const tally = (symbols) => {
    const t = { verified: 0, not_found: 0, cannot_verify: 0, other: 0, examples: [] };
    return t;
  };
  const r = tally();
  const falseClaims = [];
  let version = '?';
  for (const { symbol } of real) {
    const v = await verify(symbol);
    version = v?.package?.version ?? version;
    const s = v?.status ?? 'none';
    r[s in r ? s : 'other'] += 1;
    if (s === 'not_found') falseClaims.push(symbol);
  }
  const inv = tally();
  const sample = invented.filter((_, i) => i % Math.max(1, Math.floor(invented.length / 400)) === 0);
  for (const symbol of sample) {
    const s = (await verify(symbol))?.status ?? 'none';
    inv[s in inv ? s : 'other'] += 1;
  }
  const ms = Math.round(performance.now() - started);
  console.log(`${pkg}@${version}: real ${real.length} -> verified ${r.verified}, cannot_verify ${r.cannot_verify}, not_found ${r.not_found} (false claims), other ${r.other} | invented ${sample.length} -> not_found ${inv.not_found}, cannot_verify ${inv.cannot_verify}, verified ${inv.verified} | ${ms} ms`);
  if (falseClaims.length) console.log(`  false not_found: ${falseClaims.slice(0, 8).join(', ')}${falseClaims.length > 8 ? ', ...' : ''}`);
}
