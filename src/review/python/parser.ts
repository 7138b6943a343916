/**
 * The tree-sitter Python parser, initialised once per process on first use and reused by every review: the
 * wasm runtime and the grammar are loaded lazily so that servers that never review Python never pay for them.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let ready: Promise<Parser> | undefined;

async function create(): Promise<Parser> {
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The shared parser; a failed initialisation is not cached, so a later review can retry. */
export function getPythonParser(): Promise<Parser> {
  ready ??= create().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

/** Parses Python source; throws (never returns null) because no progress callback can cancel this parse. */
export async function parsePython(code: string): Promise<Tree> {
  const parser = await getPythonParser();
  const tree = parser.parse(code);
  if (!tree) throw new Error('tree-sitter returned no tree for the Python source (parser has no language set)');
  return tree;
}
