import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { getPattern, PATTERN_VARIANTS } from '../../templates/patterns.js';
import { patternText } from '../../templates/pattern-text.js';
import { PATTERN_LANGUAGES } from '../../templates/registry.js';
import type { ServerContext } from '../context.js';
import { enumWithHelp, READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

const version = z.string().max(20);

export const targetSchema = z
  .object({
    python: version.optional().describe('Python version, e.g. "3.10" (python patterns).'),
    node: version.optional().describe('Node.js major or version, e.g. "20" (typescript/javascript patterns).'),
    ecmascript: version.optional().describe('ECMAScript edition, e.g. "ES2022" (typescript/javascript patterns).'),
    dotnet: version.optional().describe('.NET version, e.g. "8" (csharp patterns).'),
    tokio: version.optional().describe('tokio version, e.g. "1.24" (rust patterns).'),
  })
  .strict();

export const inputSchema = {
  id: z.string().min(1).max(100).describe('Pattern id from list_patterns, e.g. "retry-backoff".'),
  language: enumWithHelp('language', PATTERN_LANGUAGES).describe('Language of the code to return.'),
  target: targetSchema
    .optional()
    .describe('The versions the code must run on; an older target gets the fallback variant or exact advice.'),
  variant: enumWithHelp('variant', PATTERN_VARIANTS)
    .optional()
    .describe(
      '"main" (default): the hand-written template. "library": the variant built on a well-kept library (Polly, tenacity, p-retry, p-map, tokio-util) where list_patterns shows one.',
    ),
};

export const outputSchema = {
  id: z.string(),
  language: z.enum(PATTERN_LANGUAGES),
  title: z.string(),
  summary: z.string(),
  code: z.string(),
  variant: z.enum(['main', 'legacy', 'library']),
  file: z.string(),
  minimumVersions: z.record(z.string(), z.string()),
  apis: z.array(z.string()),
  pitfalls: z.array(z.string()),
  relatedRules: z.array(z.string()),
  tags: z.array(z.string()),
  targetNotes: z.array(z.string()),
  verification: z.object({
    status: z.enum(['executed', 'compiled', 'unverified']),
    toolchain: z.string(),
    how: z.string(),
    provenance: z.string().optional(),
    contract: z
      .object({
        passed: z.array(z.string()),
        failed: z.array(z.string()),
        unmet: z.array(z.object({ item: z.string(), reason: z.string() })),
      })
      .optional(),
  }),
  library: z
    .object({
      packages: z.array(z.object({ name: z.string(), version: z.string() })),
      preferLibrary: z.string(),
      preferHandwritten: z.string(),
      newer: z.string().optional(),
    })
    .optional(),
  otherVariants: z.array(
    z.object({ variant: z.enum(['main', 'library']), packages: z.array(z.string()).optional(), preferWhen: z.string() }),
  ),
};

export const name = 'get_pattern';

export const config = {
  title: 'Get a verified async pattern',
  description: [
    'Returns a complete, idiomatic template for one async pattern in one language, with its minimum versions,',
    'the APIs it uses, the pitfalls it avoids, the review rules it relates to, and how our test suite verified it',
    '(executed, compiled or unverified). Use it instead of writing timeout/retry/limiter/shutdown code from memory.',
    'Pass target to get code for older runtimes (e.g. { "python": "3.10" } returns the asyncio.wait_for variant).',
    'JavaScript is transpiled from the TypeScript template. Unknown ids are errors listing the known ids.',
    'Some patterns also have a library-backed variant (variant: "library"): the answer says which library version it was',
    'verified with and when to prefer it over the hand-written template; otherVariants says whether one exists.',
    'Example: { "id": "bounded-concurrency", "language": "typescript", "target": { "node": "20" } }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerGetPattern(server: McpServer, _ctx: ServerContext): void {
  server.registerTool(name, config, async ({ id, language, target, variant }) => {
    const pattern = getPattern({ id, language, target, ...(variant ? { variant } : {}) });
    const text = patternText(pattern);
    return structuredResult({ ...pattern }, text);
  });
}
