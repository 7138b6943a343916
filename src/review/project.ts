/**
 * The one long-lived in-memory ts-morph Project that snippet reviews share. Lib files and @types/node (a runtime
 * dependency of this package, read from node_modules: nothing is fetched) are loaded once; each review swaps the
 * input file in place, so the language service and the parsed lib files are reused.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';

/** Compiler options for snippets: every real API type-checks (esnext lib); the target decides what is too new. */
export const SNIPPET_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.esnext.d.ts'],
  types: ['node'],
  typeRoots: ['/node_modules/@types'],
  allowJs: true,
  checkJs: true,
  strict: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  skipLibCheck: true,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
  resolveJsonModule: true,
};

const require = createRequire(import.meta.url);

/** Folder of an installed package, found through Node's resolution from this module. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Copies a package's .d.ts files and package.json into the in-memory file system under /node_modules/<name>. */
function loadTypesPackage(project: Project, name: string, fromDir: string): void {
  const fs = project.getFileSystem();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.d.ts') || entry === 'package.json') {
        fs.writeFileSync(`/node_modules/${name}/${relative(fromDir, full).split('\\').join('/')}`, readFileSync(full, 'utf8'));
      }
    }
  };
  walk(fromDir);
}

let shared: Project | undefined;

/** The process-wide snippet Project, created on first use. */
export function getSnippetProject(): Project {
  if (shared) return shared;
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: SNIPPET_COMPILER_OPTIONS });
  const nodeTypes = packageDir('@types/node');
  loadTypesPackage(project, '@types/node', nodeTypes);
  // @types/node depends on undici-types (fetch, Request, Response); npm hoists it next to @types or nests it.
  const undici = dirname(createRequire(join(nodeTypes, 'package.json')).resolve('undici-types/package.json'));
  loadTypesPackage(project, 'undici-types', undici);
  shared = project;
  return project;
}

let current: SourceFile | undefined;

/** Puts the snippet in the shared Project as its only input file, replacing the previous one. */
export function setSnippet(project: Project, path: string, text: string): SourceFile {
  if (current && current.getFilePath() !== path && !current.wasForgotten()) project.removeSourceFile(current);
  current = project.createSourceFile(path, text, { overwrite: true });
  return current;
}
