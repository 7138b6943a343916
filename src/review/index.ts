/** The review entry point shared by the MCP tool and the CLI. */
import { REVIEW_LANGUAGES, type ReviewInput, type ReviewResult, type ReviewTarget } from './finding.js';
import { rules as tsRules } from './rules/index.js';
import { reviewTypeScriptSnippet } from './typescript.js';

/** Largest input accepted, in bytes of UTF-8. */
export const MAX_CODE_BYTES = 512 * 1024;
/** Target used when the caller names none: the oldest Node line this package supports. */
export const DEFAULT_TARGET: ReviewTarget = { node: '20' };

const NODE_VERSION = /^\d{1,2}(\.\d{1,3}){0,2}$/;
const ES_VERSION = /^(ES(20\d\d|5|6|Next)|20\d\d)$/i;
const PY_VERSION = /^3\.\d{1,2}$/;

/** Checks a target and fills the default; throws RangeError naming the accepted forms. */
export function normaliseTarget(target: ReviewTarget | undefined): ReviewTarget {
  if (target === undefined || (target.node === undefined && target.ecmascript === undefined && target.python === undefined)) {
    return { ...DEFAULT_TARGET, ...(target?.python ? { python: target.python } : {}) };
  }
  if (typeof target !== 'object' || target === null) throw new TypeError(`target must be an object like { node: "20" }, received ${typeof target}`);
  if (target.node !== undefined && !NODE_VERSION.test(String(target.node))) throw new RangeError(`target.node must be a Node version like "20" or "20.11", received ${JSON.stringify(target.node)}`);
  if (target.ecmascript !== undefined && !ES_VERSION.test(String(target.ecmascript))) throw new RangeError(`target.ecmascript must be an edition like "ES2022", received ${JSON.stringify(target.ecmascript)}`);
  if (target.python !== undefined && !PY_VERSION.test(String(target.python))) throw new RangeError(`target.python must be a version like "3.11", received ${JSON.stringify(target.python)}`);
  const out: ReviewTarget = {};
  if (target.node !== undefined) out.node = String(target.node);
  if (target.ecmascript !== undefined) out.ecmascript = String(target.ecmascript).toUpperCase().replace(/^(20\d\d)$/, 'ES$1');
  if (target.python !== undefined) out.python = String(target.python);
  return out;
}

/** Validates the code: a non-empty text string, no NUL bytes, within the size limit. */
export function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string') throw new TypeError(`code must be a string of source text, received ${code === null ? 'null' : typeof code}`);
  if (code.trim().length === 0) throw new RangeError('code is empty: pass the source text to review');
  if (code.includes('\u0000')) throw new RangeError('code contains NUL bytes: it looks binary; pass source text');
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_CODE_BYTES) throw new RangeError(`code is ${bytes} bytes; the limit is ${MAX_CODE_BYTES} bytes (512 KB): review the file in parts or use the CLI per file`);
}

/** Known rule ids for a language. */
export function ruleIdsFor(language: 'typescript' | 'javascript'): string[] {
  return tsRules.map((r) => r.meta.id);
}

/** Reviews one snippet. Throws TypeError/RangeError for bad input, with what is allowed. */
export async function reviewCode(input: ReviewInput): Promise<ReviewResult> {
  if (typeof input !== 'object' || input === null) throw new TypeError('input must be an object { code, language, filename?, target?, rules? }');
  const language = input.language;
  if (!REVIEW_LANGUAGES.includes(language)) {
    throw new RangeError(`Unsupported language ${JSON.stringify(language)}. Supported: ${REVIEW_LANGUAGES.join(', ')}`);
  }
  checkCode(input.code);
  if (input.filename !== undefined && typeof input.filename !== 'string') throw new TypeError(`filename must be a string, received ${typeof input.filename}`);
  const target = normaliseTarget(input.target);
  input.signal?.throwIfAborted();
  if (language === 'python') {
    // Loaded on demand: tree-sitter's wasm is only needed when Python is reviewed.
    const { reviewPython } = await import('./python/index.js');
    return reviewPython({ ...input, ...(input.target ? { target: input.target } : {}) });
  }
  const selected = selectRules(input.rules);
  try {
    return await reviewTypeScriptSnippet({ ...input, language }, selected, target);
  } catch (error) {
    // TypeScript's parser and checker recurse per nesting level; say so instead of a bare engine message.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new RangeError('The code nests too deeply to analyse (the parser ran out of stack): reduce the nesting or review a smaller part');
    }
    throw error;
  }
}

/**
 * Loads the lib files and @types/node and builds a first checker (about a second), so that the first real review
 * is fast. Call it once in the background after start-up; it never throws.
 */
export async function warmUp(): Promise<void> {
  try {
    await reviewCode({ code: 'export async function warm(): Promise<void> {\n  await fetch("https://example.com", { signal: AbortSignal.timeout(1) });\n}\n', language: 'typescript' });
  } catch {
    // Warming is an optimisation only: a failure here resurfaces, with its real message, on the first review.
  }
}

/** The rules to run: all, or the named ones; unknown ids throw naming the known ones. */
export function selectRules(ids: readonly string[] | undefined): typeof tsRules {
  if (ids === undefined) return tsRules;
  if (!Array.isArray(ids)) throw new TypeError(`rules must be an array of rule ids, received ${typeof ids}`);
  const known = tsRules.map((r) => r.meta.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new RangeError(`Unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}. Known: ${known.join(', ')}`);
  return tsRules.filter((r) => ids.includes(r.meta.id));
}

export type { Finding, ReviewInput, ReviewResult, ReviewSummary, ReviewTarget } from './finding.js';
