import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { unknownValueMessage } from '../../errors.js';

/** Annotations shared by every tool of this server: they only read bundled data and never touch the outside. */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

/** A successful result: the structured value plus a readable text mirror for clients that show only text. */
export function structuredResult<T extends Record<string, unknown>>(structured: T, text: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text }] };
}

/**
 * A zod enum whose error names the value received and the allowed values, so the model can correct itself:
 * `Unknown phase "dring". Allowed: before, during, commit. Did you mean "during"?`
 */
export function enumWithHelp<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, {
    error: (issue) => unknownValueMessage(what, String(issue.input), values),
  });
}
