import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { getPattern } from '../../templates/patterns.js';
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
};

export const outputSchema = {
  id: z.string(),
  language: z.enum(PATTERN_LANGUAGES),
  title: z.string(),
  summary: z.string(),
  code: z.string(),
  variant: z.enum(['main', 'legacy']),
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
  }),
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
    'Example: { "id": "bounded-concurrency", "language": "typescript", "target": { "node": "20" } }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerGetPattern(server: McpServer, _ctx: ServerContext): void {
  server.registerTool(name, config, async ({ id, language, target }) => {
    const pattern = getPattern({ id, language, target });
    const notes = pattern.targetNotes.length ? `\n${pattern.targetNotes.map((n) => `Note: ${n}`).join('\n')}\n` : '';
    const text = [
      `# ${pattern.title} (${pattern.language}, ${pattern.variant})`,
      pattern.summary,
      `Minimum: ${Object.entries(pattern.minimumVersions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `Verification: ${pattern.verification.status} (${pattern.verification.toolchain}): ${pattern.verification.how}`,
      notes,
      '```' + (pattern.language === 'csharp' ? 'csharp' : pattern.language),
      pattern.code.trimEnd(),
      '```',
    ].join('\n');
    return structuredResult({ ...pattern }, text);
  });
}
