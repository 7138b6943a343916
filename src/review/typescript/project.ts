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

/** Where ts-morph's in-memory file system serves TypeScript's bundled lib files (its `libFolderInMemoryPath`). */
export const LIB_FOLDER = '/node_modules/typescript/lib';

/**
 * How the lib and @types files are parsed: without the JSDoc comments the type checker never reads in a declaration
 * file (TypeScript's own `tsc` parses every file this way since 5.3). That is about 40% of their parse time, which
 * the first review of a process pays (bench/PROFILE.md), and fewer nodes to keep in memory. Source files (the
 * snippet, JavaScript) keep every comment: JSDoc types there are types, and the rules read them.
 */
export function jsDocModeFor(fileName: string): ts.JSDocParsingMode {
  return /\.d\.[cm]?ts$/.test(fileName) ? ts.JSDocParsingMode.ParseForTypeErrors : ts.JSDocParsingMode.ParseAll;
}

/**
 * Builds the snippet programs with a plain compiler host instead of ts-morph's. ts-morph's host standardises every
 * path on every call and re-resolves every @types/node import whenever the snippet's extension changes; here the
 * lib and @types/node source files (parsed once, and bound once by the first checker) and the file-system answers
 * outside /review/ are kept for the life of the process, and each program reuses the previous one's structure.
 * ts-morph's Project still holds the in-memory files (lib, @types/node, the snippet) and parses the snippet.
 */
class SnippetPrograms {
  private readonly files = new Map<string, ts.SourceFile>();
  private readonly exists = new Map<string, boolean>();
  private readonly dirExists = new Map<string, boolean>();
  private readonly texts = new Map<string, string | undefined>();
  private oldProgram: ts.Program | undefined;
  private snippet: SourceFile | undefined;
  private readonly resolutions: ts.ModuleResolutionCache;
  private readonly host: ts.CompilerHost;

  constructor(private readonly project: Project) {
    const resolution = project.getModuleResolutionHost();
    if (!resolution.fileExists(`${LIB_FOLDER}/lib.es5.d.ts`)) throw new Error(`TypeScript's lib files are not at ${LIB_FOLDER} in ts-morph's in-memory file system`);
    this.resolutions = ts.createModuleResolutionCache(resolution.getCurrentDirectory?.() ?? '/', (f) => f, project.getCompilerOptions());
    const memo = <T>(cache: Map<string, T>, path: string, compute: () => T): T => {
      if (path.startsWith('/review/')) return compute(); // the snippet's folder changes with every review
      if (cache.has(path)) return cache.get(path) as T;
      const value = compute();
      cache.set(path, value);
      return value;
    };
    const parse = (fileName: string, options: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined => {
      const text = resolution.readFile(fileName);
      if (text === undefined) return undefined;
      const base = typeof options === 'object' ? options : { languageVersion: options };
      return ts.createSourceFile(fileName, text, { ...base, jsDocParsingMode: jsDocModeFor(fileName) });
    };
    this.host = {
      getSourceFile: (fileName, options) => {
        if (this.snippet && fileName === this.snippet.getFilePath()) return this.snippet.compilerNode;
        // Another file in the snippet's folder (none exists today): read afresh, never kept.
        if (fileName.startsWith('/review/')) return parse(fileName, options);
        let file = this.files.get(fileName);
        if (file === undefined) {
          file = parse(fileName, options);
          if (file) this.files.set(fileName, file);
        }
        return file;
      },
      getDefaultLibFileName: (options) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(options)}`,
      writeFile: () => undefined,
      getCurrentDirectory: () => resolution.getCurrentDirectory?.() ?? '/',
      getDirectories: (path) => resolution.getDirectories?.(path) ?? [],
      fileExists: (path) => this.fileExists(path),
      readFile: (path) => memo(this.texts, path, () => resolution.readFile(path)),
      directoryExists: (path) => memo(this.dirExists, path, () => resolution.directoryExists?.(path) ?? false),
      realpath: (path) => resolution.realpath?.(path) ?? path,
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      jsDocParsingMode: ts.JSDocParsingMode.ParseAll,
      // Also where each program looks up package.json scopes, so those are read and parsed once.
      getModuleResolutionCache: () => this.resolutions,
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, options, containingSourceFile) => {
        // The snippet's own imports are resolved afresh: a relative one's answer depends on which /review/input.*
        // exists now. Imports inside lib and @types files always get the same answer, so those are remembered.
        const cache = containingFile.startsWith('/review/') ? undefined : this.resolutions;
        return literals.map((literal) =>
          ts.resolveModuleName(literal.text, containingFile, options, this.host, cache, redirectedReference, ts.getModeForUsageLocation(containingSourceFile, literal, options)),
        );
      },
    };
    this.fileExists = (path: string): boolean => memo(this.exists, path, () => resolution.fileExists(path));
  }

  private fileExists: (path: string) => boolean;

  /** The program for the snippet now in the Project. */
  programFor(snippet: SourceFile): ts.Program {
    this.snippet = snippet;
    const program = ts.createProgram({
      rootNames: [snippet.getFilePath()],
      options: this.project.getCompilerOptions(),
      host: this.host,
      ...(this.oldProgram ? { oldProgram: this.oldProgram } : {}),
    });
    this.oldProgram = program;
    return program;
  }
}

let programs: SnippetPrograms | undefined;

/** The compiler program for the snippet that `setSnippet` last put in the shared Project. */
export function snippetProgram(project: Project, snippet: SourceFile): ts.Program {
  programs ??= new SnippetPrograms(project);
  return programs.programFor(snippet);
}
