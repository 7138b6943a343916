import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  CHECKLIST_LANGUAGES,
  CHECKLIST_PHASES,
  filterChecklist,
  renderChecklistMarkdown,
} from '../../skill/checklist.js';
import type { ServerContext } from '../context.js';
import { enumWithHelp, READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

export const inputSchema = {
  phase: enumWithHelp('phase', CHECKLIST_PHASES)
    .optional()
    .describe('Which phase: "before" (planning), "during" (writing the code) or "commit" (final review). Omit for all.'),
  language: enumWithHelp('language', CHECKLIST_LANGUAGES)
    .optional()
    .describe('Only items that apply to this language. Omit for every language.'),
};

const itemSchema = z.object({
  id: z.string(),
  phase: z.enum(CHECKLIST_PHASES),
  text: z.string(),
  why: z.string(),
  languages: z.array(z.enum(CHECKLIST_LANGUAGES)),
  rules: z.array(z.string()).optional().describe('Review rule ids (review_code) that check this item.'),
  patterns: z.array(z.string()).optional().describe('Pattern ids (get_pattern) that implement this item.'),
});

export const outputSchema = {
  phase: z.enum(CHECKLIST_PHASES).optional(),
  language: z.enum(CHECKLIST_LANGUAGES).optional(),
  count: z.number().int(),
  items: z.array(itemSchema),
};

export const name = 'get_checklist';

export const config = {
  title: 'Async code checklist',
  description: [
    'Returns the async-programming checklist as structured items (id, text, why, languages, and the review rules',
    'and patterns that go with each). Call it before writing async/concurrent code (phase "before"), while writing',
    'it ("during"), and before committing ("commit"); filter by language to keep it short.',
    'Do not call it to review a concrete piece of code: use review_code for that.',
    'Example: { "phase": "commit", "language": "python" }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerGetChecklist(server: McpServer, ctx: ServerContext): void {
  server.registerTool(name, config, async ({ phase, language }) => {
    const { checklist } = ctx.skill;
    const items = filterChecklist(checklist, { phase, language });
    const scope = [phase ? `phase ${phase}` : 'all phases', language ?? 'all languages'].join(', ');
    const text = renderChecklistMarkdown(checklist, items, `Async code checklist (${scope}): ${items.length} items`);
    return structuredResult({ phase, language, count: items.length, items }, text);
  });
}
