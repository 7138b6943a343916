/** The tree-sitter Python parser: one per process (src/review/tree-sitter.ts), made on first use. */
import type { Parser, Tree } from 'web-tree-sitter';
import { getParser, parseWith } from '../tree-sitter.js';

const WASM = 'tree-sitter-python/tree-sitter-python.wasm';

/** The shared parser; a failed initialisation is not cached, so a later review can retry. */
export function getPythonParser(): Promise<Parser> {
  return getParser(WASM);
}

/** Parses Python source; throws (never returns null) because no progress callback can cancel this parse. */
export function parsePython(code: string): Promise<Tree> {
  return parseWith(WASM, code, 'Python');
}
