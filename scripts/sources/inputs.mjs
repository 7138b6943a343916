// The one way generators and tests reach a pinned input (scripts/sources/inputs.json): its local folder, or an error
// that says what is missing and the command that fetches it. Never a system path: a generator that read whatever
// sits at /usr/share/doc/... would give another machine's answer.
//
//   inputDir('nodejs-doc')                  -> <repo>/.cache/sources/nodejs-doc (throws MissingInputError if absent)
//   inputFile('nodejs-doc', 'all.json.gz')  -> a file inside it
//   inputStatus('nodejs-doc')               -> { present, dir, why, install } without throwing
//
// deb and nuget inputs live in .cache/sources/<id>/ (ASYNC_EXPERT_SOURCES_DIR moves the whole cache), written by
// scripts/sources/setup.mjs with a marker (.input.json) that must match the manifest entry; npm inputs are
// node_modules/<package>, whose installed version must match.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MANIFEST_PATH = path.join(ROOT, 'scripts/sources/inputs.json');
export const SETUP_COMMAND = 'npm run setup:sources';
export const MARKER = '.input.json';
export const KINDS = ['deb', 'nuget', 'npm'];

/** Folder that holds the fetched inputs; read at call time so a test can point it elsewhere. */
export function sourcesDir() {
  return process.env.ASYNC_EXPERT_SOURCES_DIR ? path.resolve(process.env.ASYNC_EXPERT_SOURCES_DIR) : path.join(ROOT, '.cache/sources');
}

export class MissingInputError extends Error {
  constructor(status) {
    super(`pinned input ${status.id} (${status.label}) is missing: ${status.why}. Fetch it with: ${status.install}`);
    this.name = 'MissingInputError';
    this.status = status;
  }
}

let manifestCache;
/** The manifest's inputs, checked for the fields each kind needs (a broken entry is a clear error, not a skip). */
export function listInputs() {
  if (manifestCache) return manifestCache;
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
  const seen = new Set();
  for (const input of manifest.inputs) {
    const where = `${path.relative(ROOT, MANIFEST_PATH)}: input ${JSON.stringify(input.id)}`;
    if (typeof input.id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(input.id)) throw new Error(`${where}: id must be lower-case letters, digits, . _ -`);
    if (seen.has(input.id)) throw new Error(`${where}: duplicate id`);
    seen.add(input.id);
    if (!KINDS.includes(input.kind)) throw new Error(`${where}: kind must be one of ${KINDS.join(', ')}`);
    const required = { deb: ['name', 'version', 'sha256', 'reads'], nuget: ['name', 'version', 'sha256', 'reads'], npm: ['name', 'version', 'package', 'integrity', 'reads'] }[input.kind];
    const absent = required.filter((k) => input[k] === undefined);
    if (absent.length) throw new Error(`${where}: a ${input.kind} input needs ${absent.join(', ')}`);
    if (input.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.sha256)) throw new Error(`${where}: sha256 must be 64 lower-case hex digits`);
    if (/[*?[\]]/.test(input.version)) throw new Error(`${where}: version must be exact, not a range`);
  }
  manifestCache = manifest.inputs;
  return manifestCache;
}

export function getInput(id) {
  const input = listInputs().find((i) => i.id === id);
  if (!input) throw new Error(`unknown pinned input "${id}"; known: ${listInputs().map((i) => i.id).join(', ')}`);
  return input;
}

/** `Debian nodejs-doc 18.20.4+dfsg-1~deb12u3`, `NuGet Microsoft.NETCore.App.Ref 6.0.36`, `npm @types/node 20.19.43`. */
export function describeInput(input) {
  const registry = { deb: 'Debian', nuget: 'NuGet', npm: 'npm' }[input.kind];
  return `${registry} ${input.name} ${input.version}`;
}

/** The fields a fetched input's marker must repeat; a changed pin invalidates what was fetched before. */
export function markerFor(input) {
  return { id: input.id, kind: input.kind, name: input.name, version: input.version, sha256: input.sha256, root: input.root ?? '' };
}

/** Files matching `reads` patterns (`*` only in the last segment) below dir; [] when a folder is missing. */
export function matchReads(dir, pattern) {
  const parts = pattern.split('/');
  const last = parts.pop();
  const folder = path.join(dir, ...parts);
  if (!last.includes('*')) return existsSync(path.join(folder, last)) ? [path.join(folder, last)] : [];
  if (!existsSync(folder)) return [];
  const re = new RegExp(`^${last.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return readdirSync(folder).filter((f) => re.test(f)).sort().map((f) => path.join(folder, f));
}

/** Where an input lives and whether it is there, verified against the manifest. Never throws for a missing input. */
export function inputStatus(id) {
  const input = getInput(id);
  const label = describeInput(input);
  const base = { id, label, kind: input.kind };
  if (input.kind === 'npm') {
    const dir = path.join(ROOT, 'node_modules', ...input.package.split('/'));
    const install = 'npm ci';
    const pkgFile = path.join(dir, 'package.json');
    if (!existsSync(pkgFile)) return { ...base, present: false, dir, why: `node_modules/${input.package} is not installed`, install };
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (pkg.name !== input.name || pkg.version !== input.version) {
      return { ...base, present: false, dir, why: `node_modules/${input.package} is ${pkg.name} ${pkg.version}, not ${input.name} ${input.version}`, install };
    }
    const unmatched = input.reads.filter((p) => matchReads(dir, p).length === 0);
    if (unmatched.length) return { ...base, present: false, dir, why: `node_modules/${input.package} lacks ${unmatched.join(', ')}`, install };
    return { ...base, present: true, dir, install };
  }
  const dir = path.join(sourcesDir(), id);
  const install = `${SETUP_COMMAND} -- ${id}`;
  const markerFile = path.join(dir, MARKER);
  if (!existsSync(markerFile)) return { ...base, present: false, dir, why: `${dir} not found`, install };
  let marker;
  try {
    marker = JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return { ...base, present: false, dir, why: `${markerFile} is not valid JSON`, install };
  }
  const expected = markerFor(input);
  const stale = Object.keys(expected).filter((k) => marker[k] !== expected[k]);
  if (stale.length) {
    return { ...base, present: false, dir, why: `${dir} holds another pin (${stale.map((k) => `${k} ${marker[k]} != ${expected[k]}`).join(', ')})`, install };
  }
  const unmatched = input.reads.filter((p) => matchReads(dir, p).length === 0);
  if (unmatched.length) return { ...base, present: false, dir, why: `${dir} lacks ${unmatched.join(', ')}`, install };
  return { ...base, present: true, dir, install };
}

/** The verified local folder of an input; throws MissingInputError (with the fetch command) when it is not there. */
export function inputDir(id) {
  const status = inputStatus(id);
  if (!status.present) throw new MissingInputError(status);
  return status.dir;
}

/** A file or folder inside an input. */
export function inputFile(id, ...rel) {
  return path.join(inputDir(id), ...rel);
}
