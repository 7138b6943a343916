/**
 * The targets a project declares for itself, read from its manifests, each with the file it came from
 * (`targetSource`): Node from package.json `engines.node` (its minimum) or .nvmrc / .node-version; ECMAScript from
 * tsconfig.json `lib`, else `target` (following `extends`; never a tsconfig above the nearest package.json); Python
 * from pyproject.toml `requires-python`, .python-version or setup.cfg; .NET from the nearest .csproj
 * `TargetFramework(s)`; tokio from Cargo.lock, else Cargo.toml. Each axis takes the nearest file at or above the
 * reviewed file's folder, up to `stopAt`.
 * Libraries: `semver` (npm's own range semantics for engines.node), `smol-toml` (TOML 1.0), `ini` (npm's INI
 * reader, for setup.cfg), `fast-xml-parser` (.csproj), and ts-morph's TypeScript for tsconfig `extends`.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseIni } from 'ini';
import semver from 'semver';
import { parse as parseToml } from 'smol-toml';
import { ts } from 'ts-morph';

export type TargetAxis = 'node' | 'ecmascript' | 'python' | 'dotnet' | 'tokio';
export const TARGET_AXES: readonly TargetAxis[] = ['node', 'ecmascript', 'python', 'dotnet', 'tokio'];

export interface ProjectTargets {
  target: Partial<Record<TargetAxis, string>>;
  /** Per axis: the file and field the value came from, e.g. `package.json engines.node ">=20.11"`. */
  targetSource: Partial<Record<TargetAxis, string>>;
}

/** Reads a small text file, or undefined (missing, unreadable, larger than a manifest can be). */
function readSmall(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > 1024 * 1024 ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The oldest Node an `engines.node` range admits, as "22", "18.17" or "18.17.1"; undefined for `*` or junk. */
export function minimumNodeOf(range: string): string | undefined {
  let min: semver.SemVer | null = null;
  try {
    if (semver.validRange(range) === null || semver.satisfies('0.0.0', range)) return undefined; // `*`, `>=0`: no minimum
    min = semver.minVersion(range);
  } catch {
    return undefined;
  }
  if (!min || min.major > 99) return undefined;
  return min.patch > 0 ? `${min.major}.${min.minor}.${min.patch}` : min.minor > 0 ? `${min.major}.${min.minor}` : `${min.major}`;
}

/** The oldest `3.X` a Python version specifier (`>=3.9,<4`, `~=3.10`, `^3.8` from Poetry, `3.11.*`) admits. */
export function minimumPythonOf(spec: string): string | undefined {
  let best: [number, number] | undefined;
  for (const part of spec.split(',')) {
    const m = /^\s*(>=|~=|==|\^|~|>)?\s*(\d+)\.(\d+)/.exec(part);
    if (!m || (m[1] === undefined && /[<!]/.test(part))) continue;
    const v: [number, number] = [Number(m[2]), Number(m[3]) + (m[1] === '>' ? 1 : 0)];
    if (!best || v[0] > best[0] || (v[0] === best[0] && v[1] > best[1])) best = v; // every lower bound must hold
  }
  return best && best[0] === 3 ? `3.${best[1]}` : undefined;
}

/** A `3.X` from a `.python-version` line (`3.11.4`, `3.12`, `cpython-3.10`); undefined otherwise. */
function pythonOfVersionFile(text: string): string | undefined {
  const m = /(?:^|[^\d])(3)\.(\d{1,2})(?:\.\d+)?\b/.exec(text.split('\n')[0] ?? '');
  return m ? `3.${m[2]}` : undefined;
}

/** True when `path` (resolved, symlinks included) lies inside `dir`. */
function inside(dir: string, path: string): boolean {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = resolve(path);
  }
  const rel = relative(dir, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The ECMAScript edition whose built-ins a tsconfig declares the code may use: the newest `esYYYY` / `esnext` of its
 * `lib` when it names one (`target` only decides how syntax is compiled down: `target: ES2017` with
 * `lib: ["esnext"]` is a common setup for Node libraries, and tsc lets such code call every ESNext built-in), else
 * its `target`, whose default lib is that edition. With `confine` (the root), a file `extends` names outside it is
 * not read, and `refused` lists it.
 */
function ecmascriptOfTsconfig(path: string, confine?: string): { edition?: string; field?: 'lib' | 'target'; refused: string[] } {
  const refused: string[] = [];
  const allowed = (p: string) => {
    if (confine === undefined || inside(confine, p)) return true;
    if (!refused.includes(p)) refused.push(p);
    return false;
  };
  const read = ts.readConfigFile(path, (p) => readSmall(p));
  if (read.error) return { refused };
  // Resolves `extends` (relative files and packages in node_modules) the way tsc does; reads, never runs; never
  // outside the root: the host answers "no such file" there.
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: () => [],
    fileExists: (p) => allowed(p) && ts.sys.fileExists(p),
    readFile: (p) => (allowed(p) ? readSmall(p) : undefined),
  };
  const parsed = ts.parseJsonConfigFileContent(read.config, host, dirname(path), undefined, path);
  const libs = (parsed.options.lib ?? []).map((l) => /lib\.(es20\d\d|esnext)\b/i.exec(l)?.[1]?.toLowerCase()).filter((y): y is string => y !== undefined);
  if (libs.length > 0) return { edition: libs.includes('esnext') ? 'ESNext' : `ES${libs.map((l) => l.slice(2)).sort().at(-1)}`, field: 'lib', refused };
  const target = parsed.options.target;
  if (target !== undefined && target !== ts.ScriptTarget.JSON) {
    const name = ts.ScriptTarget[target]!;
    if (name === 'Latest' || name === 'ESNext') return { edition: 'ESNext', field: 'target', refused };
    if (name === 'ES3' || name === 'ES5') return { edition: 'ES5', field: 'target', refused };
    return { edition: name, field: 'target', refused };
  }
  return { refused };
}

/** The lowest .NET major of `net8.0`, `net6.0;net8.0`, `netcoreapp3.1` (ignoring netstandard/net4x). */
export function dotnetOfFrameworks(frameworks: string): string | undefined {
  const majors = frameworks
    .split(';')
    .map((f) => /^net(?:coreapp)?(\d{1,2})\.\d/.exec(f.trim())?.[1])
    .filter((m): m is string => m !== undefined && Number(m) >= 5)
    .map(Number);
  return majors.length > 0 ? String(Math.min(...majors)) : undefined;
}

function dotnetOfCsproj(path: string): string | undefined {
  const text = readSmall(path);
  if (text === undefined) return undefined;
  try {
    const xml = new XMLParser({ ignoreAttributes: true, processEntities: false }).parse(text) as { Project?: { PropertyGroup?: unknown } };
    const groups = ([] as Array<Record<string, unknown>>).concat((xml.Project?.PropertyGroup as Record<string, unknown>) ?? []);
    for (const g of groups) {
      const value = g.TargetFramework ?? g.TargetFrameworks;
      if (typeof value === 'string') return dotnetOfFrameworks(value);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function tokioOfCargo(dir: string): { version: string; file: string } | undefined {
  const lock = readSmall(join(dir, 'Cargo.lock'));
  if (lock !== undefined) {
    try {
      const pkgs = (parseToml(lock) as { package?: Array<{ name?: unknown; version?: unknown }> }).package ?? [];
      const tokio = pkgs.find((p) => p.name === 'tokio' && typeof p.version === 'string');
      if (tokio) return { version: tokio.version as string, file: 'Cargo.lock' };
    } catch {
      // a broken lock file: fall back to the manifest
    }
  }
  const manifest = readSmall(join(dir, 'Cargo.toml'));
  if (manifest === undefined) return undefined;
  try {
    const deps = (parseToml(manifest) as { dependencies?: Record<string, unknown> }).dependencies ?? {};
    const spec = deps.tokio;
    const version = typeof spec === 'string' ? spec : typeof spec === 'object' && spec !== null ? (spec as { version?: unknown }).version : undefined;
    if (typeof version !== 'string') return undefined;
    const min = semver.minVersion(version.replace(/^(\d)/, '^$1')); // Cargo reads a bare "1.38" as "^1.38"
    return min ? { version: min.version, file: 'Cargo.toml' } : undefined;
  } catch {
    return undefined;
  }
}

/** An axis read from a folder; `value` absent when the file there declares nothing usable but says why (`source`). */
type Reader = (dir: string, stopAt?: string) => { value?: string; source: string } | undefined;

const READERS: Record<TargetAxis, Reader> = {
  node(dir) {
    const pkg = readSmall(join(dir, 'package.json'));
    if (pkg !== undefined) {
      try {
        const range = (JSON.parse(pkg) as { engines?: { node?: unknown } }).engines?.node;
        const node = typeof range === 'string' ? minimumNodeOf(range) : undefined;
        if (node) return { value: node, source: `package.json engines.node "${range}"` };
      } catch {
        // a broken package.json declares nothing
      }
    }
    for (const file of ['.nvmrc', '.node-version']) {
      const text = readSmall(join(dir, file));
      const m = text === undefined ? null : /^\s*v?(\d{1,2}(?:\.\d+){0,2})\s*$/m.exec(text);
      if (m) return { value: m[1]!, source: file };
    }
    return undefined;
  },
  ecmascript(dir, stopAt) {
    const path = join(dir, 'tsconfig.json');
    if (!existsSync(path)) return undefined;
    const es = ecmascriptOfTsconfig(path, stopAt);
    const refusal = es.refused.length ? ` (extends ${es.refused.map((r) => `"${r}"`).join(', ')} not read: outside the roots)` : '';
    if (es.edition) return { value: es.edition, source: `tsconfig.json compilerOptions.${es.field}${refusal}` };
    return refusal ? { source: `tsconfig.json${refusal}` } : undefined;
  },
  python(dir) {
    const pyproject = readSmall(join(dir, 'pyproject.toml'));
    if (pyproject !== undefined) {
      try {
        const doc = parseToml(pyproject) as { project?: { 'requires-python'?: unknown }; tool?: { poetry?: { dependencies?: { python?: unknown } } } };
        const spec = doc.project?.['requires-python'] ?? doc.tool?.poetry?.dependencies?.python;
        const py = typeof spec === 'string' ? minimumPythonOf(spec) : undefined;
        if (py) return { value: py, source: `pyproject.toml ${doc.project?.['requires-python'] !== undefined ? 'project.requires-python' : 'tool.poetry.dependencies.python'} "${spec as string}"` };
      } catch {
        // broken TOML declares nothing
      }
    }
    const pv = readSmall(join(dir, '.python-version'));
    const fromFile = pv === undefined ? undefined : pythonOfVersionFile(pv);
    if (fromFile) return { value: fromFile, source: '.python-version' };
    const cfg = readSmall(join(dir, 'setup.cfg'));
    if (cfg !== undefined) {
      const spec = (parseIni(cfg) as { options?: { python_requires?: unknown } }).options?.python_requires;
      const py = typeof spec === 'string' ? minimumPythonOf(spec) : undefined;
      if (py) return { value: py, source: `setup.cfg options.python_requires "${spec as string}"` };
    }
    return undefined;
  },
  dotnet(dir) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.csproj')).sort();
    } catch {
      return undefined;
    }
    for (const name of names) {
      const major = dotnetOfCsproj(join(dir, name));
      if (major) return { value: major, source: `${name} TargetFramework(s)` };
    }
    return undefined;
  },
  tokio(dir) {
    const found = tokioOfCargo(dir);
    return found ? { value: found.version, source: `${found.file} tokio` } : undefined;
  },
};

/**
 * Every axis the project around `dir` declares, nearest file first, never above `stopAt` (a root) when given.
 * Never throws: a broken manifest declares nothing.
 */
export function projectTargets(dir: string, stopAt?: string): ProjectTargets {
  const out: ProjectTargets = { target: {}, targetSource: {} };
  for (const axis of TARGET_AXES) {
    for (let d = dir; ; d = dirname(d)) {
      const found = READERS[axis](d, stopAt);
      if (found) {
        if (found.value !== undefined) out.target[axis] = found.value;
        const where = relative(stopAt ?? dir, d).split('\\').join('/');
        out.targetSource[axis] = where === '' ? found.source : `${where}/${found.source}`;
        break;
      }
      if (d === stopAt || dirname(d) === d) break;
      // A tsconfig describes the package it sits in: above the nearest package.json lies another package (or the
      // folder a package was unpacked into), whose compiler settings say nothing about this code.
      if (axis === 'ecmascript' && existsSync(join(d, 'package.json'))) break;
    }
  }
  return out;
}

/** The nearest folder at or above `dir` that holds a package.json. */
export function packageRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return undefined;
  }
}
