/**
 * One tree-sitter parser per grammar, made on first use and shared by the reviewers and the installed-package
 * readers. The wasm runtime and a grammar load lazily, so a process that never parses a language never pays for it.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const parsers = new Map<string, Promise<Parser>>();

async function create(wasmSpecifier: string): Promise<Parser> {
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve(wasmSpecifier);
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The shared parser of a grammar (`tree-sitter-python/tree-sitter-python.wasm`); a failed load is not cached. */
export function getParser(wasmSpecifier: string): Promise<Parser> {
  let ready = parsers.get(wasmSpecifier);
  if (!ready) {
    ready = create(wasmSpecifier).catch((err: unknown) => {
      parsers.delete(wasmSpecifier);
      throw err;
    });
    parsers.set(wasmSpecifier, ready);
  }
  return ready;
}

/** Parses source text; throws (never returns null) because no progress callback can cancel this parse. */
export async function parseWith(wasmSpecifier: string, code: string, languageName: string): Promise<Tree> {
  const parser = await getParser(wasmSpecifier);
  const tree = parser.parse(code);
  if (!tree) throw new Error(`tree-sitter returned no tree for the ${languageName} source (parser has no language set)`);
  return tree;
}

