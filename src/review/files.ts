/** Reviews files on disk in one ts-morph Project, in the context of their nearest tsconfig.json. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Project, ts } from 'ts-morph';
import type { Finding, ReviewTarget } from './finding.js';
import type { Rule } from './rule.js';
import { reviewSourceFile } from './typescript.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);

export function isSourceFile(path: string): boolean {
  return (SOURCE_EXTENSIONS.some((e) => path.endsWith(e)) && !path.endsWith('.d.ts')) || isPythonFile(path);
}

export function isPythonFile(path: string): boolean {
  return path.endsWith('.py');
}

/** All reviewable files under a directory, skipping node_modules, dist and .git. */
export function walkDir(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walkDir(full, out);
    } else if (entry.isFile() && isSourceFile(entry.name)) out.push(full);
  }
  return out;
}

/** `**` any depth, `*` and `?` within a segment, `{a,b}` alternatives. Node 20 has no fs.glob, hence this. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else re += /[.+^$()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(arg: string): boolean {
  return /[*?{]/.test(arg);
}

/** Expands a glob relative to cwd: walks from its longest literal directory prefix. */
export function expandGlob(pattern: string, cwd: string): string[] {
  const norm = pattern.split(sep).join('/');
  const parts = norm.split('/');
  const literal: string[] = [];
  for (const p of parts) {
    if (isGlob(p)) break;
    literal.push(p);
  }
  const baseRel = literal.join('/');
  const base = resolve(cwd, baseRel || '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const re = globToRegExp(resolve(cwd, norm).split(sep).join('/'));
  return walkDir(base).filter((f) => re.test(f.split(sep).join('/')));
}

/** The nearest tsconfig.json at or above the file's directory. */
export function nearestTsconfig(file: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const require = createRequire(import.meta.url);

/** Compiler options for files without a tsconfig: our bundled @types/node, every real API in lib. */
function defaultOptions(): ts.CompilerOptions {
  const typesDir = dirname(dirname(require.resolve('@types/node/package.json')));
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.esnext.d.ts'],
    types: ['node'],
    typeRoots: [typesDir],
    allowJs: true,
    checkJs: true,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    jsx: ts.JsxEmit.Preserve,
  };
}

function tsconfigOptions(path: string): ts.CompilerOptions | undefined {
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error) return undefined;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(path), undefined, path);
  return parsed.options;
}

export interface FileReview {
  path: string;
  findings: Finding[];
  suppressed: number;
}

/**
 * One Project for every file: compiler options come from the first tsconfig.json found (the usual case is one
 * project); files without one get the defaults. Imports are resolved from each file's own location.
 */
export function reviewFiles(paths: readonly string[], rules: readonly Rule[], target: ReviewTarget): FileReview[] {
  if (paths.length === 0) return [];
  const configs = [...new Set(paths.map((p) => nearestTsconfig(p)).filter((c): c is string => c !== undefined))];
  const fromConfig = configs[0] ? tsconfigOptions(configs[0]) : undefined;
  const options: ts.CompilerOptions = fromConfig
    ? {
        ...fromConfig,
        // Every real API must type-check (too-new-api judges versions against the target, not the lib setting).
        lib: [...(fromConfig.lib ?? []), 'lib.esnext.d.ts'],
        allowJs: true,
        checkJs: fromConfig.checkJs ?? true,
        noEmit: true,
        skipLibCheck: true,
      }
    : defaultOptions();
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const files = paths.map((p) => project.addSourceFileAtPath(p));
  // Every type query happens here, after all files are in: no manipulation follows, so the checker is built once.
  return files.map((sf, i) => ({ path: paths[i]!, ...reviewSourceFile(sf, rules, target) }));
}

export function relativePath(cwd: string, file: string): string {
  return relative(cwd, file).split(sep).join('/');
}
