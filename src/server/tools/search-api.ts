import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { catalogInfo, catalogLanguages, searchApi } from '../../catalog/index.js';
import type { ServerContext } from '../context.js';
import { enumWithHelp, READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

export const inputSchema = {
  language: enumWithHelp('language', catalogLanguages).describe(
    'Catalog to search: python, javascript or typescript, node, csharp, rust.',
  ),
  query: z.string().min(1).max(200).describe('Words to look for in names, option names and summaries, e.g. "timeout", "abort signal", "semaphore".'),
  limit: z.number().int().min(1).max(100).optional().describe('How many results at most (1 to 100, default 10).'),
};

export const outputSchema = {
  language: z.string(),
  query: z.string(),
  count: z.number().int(),
  results: z.array(z.object({
    symbol: z.string(),
    kind: z.string(),
    summary: z.string().optional(),
    since: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    deprecated: z.boolean().optional(),
    removed: z.record(z.string(), z.string()).optional(),
    docUrl: z.string().optional(),
    score: z.number(),
  })),
  coverage: z.string().optional().describe('What the catalog covers (given when nothing matched).'),
};

export const name = 'search_api';

export const config = {
  title: 'Search async APIs',
  description: [
    'Finds real APIs by topic in the verified catalog, ranked by name first, then option names and summaries:',
    'use it when you know what you need but not its name ("timeout" in python finds asyncio.timeout,',
    'asyncio.timeout_at and asyncio.wait_for). Then call verify_api on the symbol you pick for its version facts.',
    'Not a documentation search: it only knows the catalogued APIs, and third-party packages are not covered.',
    'Example: { "language": "node", "query": "abort signal", "limit": 5 }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerSearchApi(server: McpServer, _ctx: ServerContext): void {
  server.registerTool(name, config, async ({ language, query, limit }) => {
    const results = searchApi(language, query, limit ?? 10);
    const info = catalogInfo(language);
    const coverage = results.length === 0 ? (info.available ? info.coverage : info.reason) : undefined;
    const text = results.length
      ? results.map((r) => `${r.symbol} (${r.kind})${r.summary ? `: ${r.summary}` : ''}`).join('\n')
      : `No ${language} API matches "${query}". ${coverage ?? ''}`.trim();
    return structuredResult({ language, query, count: results.length, results, ...(coverage ? { coverage } : {}) }, text);
  });
}
