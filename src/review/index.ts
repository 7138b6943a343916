/** The review entry point shared by the MCP tool and the CLI: checks the input, then dispatches by language. */
import { REVIEW_LANGUAGES, type ReviewInput, type ReviewResult } from './finding.js';
import { entryForLanguage } from './languages.js';
import { normaliseTarget } from './target.js';

export { DEFAULT_TARGET, normaliseTarget } from './target.js';

/** Largest input accepted, in bytes of UTF-8. */
export const MAX_CODE_BYTES = 512 * 1024;

/** Validates the code: a non-empty text string, no NUL bytes, within the size limit. */
export function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string') throw new TypeError(`code must be a string of source text, received ${code === null ? 'null' : typeof code}`);
  if (code.trim().length === 0) throw new RangeError('code is empty: pass the source text to review');
  if (code.includes('\u0000')) throw new RangeError('code contains NUL bytes: it looks binary; pass source text');
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_CODE_BYTES) throw new RangeError(`code is ${bytes} bytes; the limit is ${MAX_CODE_BYTES} bytes (512 KB): review the file in parts or use the CLI per file`);
}

/** Reviews one snippet. Throws TypeError/RangeError for bad input, with what is allowed. */
export async function reviewCode(input: ReviewInput): Promise<ReviewResult> {
  if (typeof input !== 'object' || input === null) throw new TypeError('input must be an object { code, language, filename?, target?, rules? }');
  const language = input.language;
  const entry = REVIEW_LANGUAGES.includes(language) ? entryForLanguage(language) : undefined;
  if (!entry) throw new RangeError(`Unsupported language ${JSON.stringify(language)}. Supported: ${REVIEW_LANGUAGES.join(', ')}`);
  checkCode(input.code);
  if (input.filename !== undefined && typeof input.filename !== 'string') throw new TypeError(`filename must be a string, received ${typeof input.filename}`);
  const target = normaliseTarget(input.target);
  input.signal?.throwIfAborted();
  const reviewer = await entry.load();
  return reviewer.reviewSnippet(input, target);
}

/**
 * Loads the lib files and @types/node and builds a first checker (about a second), so that the first real review
 * is fast. Call it once in the background after start-up; it never throws.
 */
export async function warmUp(): Promise<void> {
  try {
    const reviewer = await entryForLanguage('typescript')?.load();
    await reviewer?.warmUp?.();
  } catch {
    // Warming is an optimisation only: a failure here resurfaces, with its real message, on the first review.
  }
}

export type { Finding, ReviewInput, ReviewResult, ReviewSummary, ReviewTarget } from './finding.js';
