/** Reviews TypeScript/JavaScript files on disk in one ts-morph Project, in the context of their nearest tsconfig.json. */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Project, ts } from 'ts-morph';
import type { FileReview } from '../language.js';
import type { ReviewTarget } from '../finding.js';
import type { Rule } from './rule.js';
import { jsDocModeFor, LIB_FOLDER } from './project.js';
import { reviewSourceFile } from './review.js';

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

/**
 * The @types packages installed for a project (node_modules/@types at its folder and above). TypeScript 6 no longer
 * includes them when a tsconfig says nothing about `types`, but the projects we review were written for a compiler
 * that did: without them `Error.captureStackTrace` and `NodeJS.Timeout` would look invented.
 */
export function installedTypes(dir: string): string[] {
  const names = new Set<string>();
  for (let d = dir; ; d = dirname(d)) {
    const root = join(d, 'node_modules', '@types');
    if (existsSync(root)) {
      for (const e of readdirSync(root, { withFileTypes: true })) if (e.isDirectory() || e.isSymbolicLink()) names.add(e.name);
    }
    if (dirname(d) === d) break;
  }
  return [...names].sort();
}

function tsconfigOptions(path: string): ts.CompilerOptions | undefined {
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error) return undefined;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(path), undefined, path);
  const options = parsed.options;
  if (options.types === undefined) options.types = installedTypes(dirname(path));
  return options;
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
  // ts-morph's Project provides the file system (the disk, plus TypeScript's lib files, which ts-morph bundles and
  // serves from LIB_FOLDER); the program is built with a plain host over it so that declaration files skip the
  // JSDoc the checker never reads (see jsDocModeFor).
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const fs = project.getModuleResolutionHost();
  const cwd = fs.getCurrentDirectory?.() ?? process.cwd();
  const standard = (p: string): string => resolve(cwd, p).split('\\').join('/');
  const host: ts.CompilerHost = {
    getSourceFile: (fileName, languageVersionOrOptions) => {
      const text = fs.readFile(fileName);
      if (text === undefined) return undefined;
      const base = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
      return ts.createSourceFile(fileName, text, { ...base, jsDocParsingMode: jsDocModeFor(fileName) });
    },
    getDefaultLibFileName: (o) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(o)}`,
    writeFile: () => undefined,
    getCurrentDirectory: () => cwd,
    getDirectories: (p) => fs.getDirectories?.(p) ?? [],
    fileExists: (p) => fs.fileExists(p),
    readFile: (p) => fs.readFile(p),
    directoryExists: (p) => fs.directoryExists?.(p) ?? true,
    realpath: (p) => fs.realpath?.(p) ?? p,
    getCanonicalFileName: standard,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    getEnvironmentVariable: (name) => process.env[name],
  };
  const absolute = paths.map(standard);
  const program = ts.createProgram({ rootNames: absolute, options, host });
  // Every type query happens here, after all files are in: the checker is built once.
  return absolute.map((file, i) => {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`TypeScript could not read ${paths[i]}`);
    return { path: paths[i]!, ...reviewSourceFile(program, sf, rules, target) };
  });
}
