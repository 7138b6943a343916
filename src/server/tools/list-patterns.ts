import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { listPatterns } from '../../templates/patterns.js';
import { PATTERN_LANGUAGES } from '../../templates/registry.js';
import type { ServerContext } from '../context.js';
import { enumWithHelp, READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

export const MAX_QUERY_CHARS = 200;

export const inputSchema = {
  language: enumWithHelp('language', PATTERN_LANGUAGES)
    .optional()
    .describe('Only patterns available in this language. Omit for all.'),
  query: z
    .string()
    .max(MAX_QUERY_CHARS)
    .optional()
    .describe('Words to match against id, title, summary, tags and APIs (all must match), e.g. "retry jitter".'),
};

export const outputSchema = {
  patterns: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      summary: z.string(),
      languages: z.array(z.enum(PATTERN_LANGUAGES)),
      tags: z.array(z.string()),
      libraryVariants: z
        .array(z.object({ language: z.enum(PATTERN_LANGUAGES), packages: z.array(z.string()), preferLibrary: z.string() }))
        .optional(),
    }),
  ),
};

export const name = 'list_patterns';

export const config = {
  title: 'List verified async patterns',
  description: [
    'Lists the async pattern templates this server holds (timeout, retry with backoff, bounded concurrency,',
    'structured concurrency, graceful shutdown, circuit breaker, ...) for Python asyncio, TypeScript, JavaScript,',
    'C# and Rust/tokio. Every template is compiled and executed by the project\'s test suite.',
    'Call it to find the id to pass to get_pattern. Example: { "language": "python", "query": "timeout" }.',
    'libraryVariants lists the patterns that also come built on a library (get_pattern with variant: "library").',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerListPatterns(server: McpServer, _ctx: ServerContext): void {
  server.registerTool(name, config, async ({ language, query }) => {
    const patterns = listPatterns({ language, query });
    const text =
      patterns.length === 0
        ? `No pattern matches${query ? ` "${query}"` : ''}${language ? ` in ${language}` : ''}. Call list_patterns with no arguments to see all.`
        : patterns
            .map((p) => {
              const libs = (p.libraryVariants ?? [])
                .filter((v) => v.language !== 'javascript')
                .map((v) => `${v.language}: ${v.packages.join(', ')}`);
              const libLine = libs.length ? `\n  library variants (variant: "library"): ${libs.join('; ')}` : '';
              return `- ${p.id}: ${p.title} [${p.languages.join(', ')}]\n  ${p.summary}${libLine}`;
            })
            .join('\n');
    return structuredResult({ patterns }, text);
  });
}
