import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { filterChecklist, renderChecklistMarkdown } from '../../skill/checklist.js';
import type { ServerContext } from '../context.js';
import { languageArg, parseLanguageOrThrow } from './language-arg.js';

export const MAX_TASK_CHARS = 20_000;

export const argsSchema = {
  task: z
    .string()
    .min(1)
    .max(MAX_TASK_CHARS)
    .describe(`What to build, in a sentence or a paragraph (at most ${MAX_TASK_CHARS} characters).`),
  language: languageArg,
};

export const name = 'implement-async-feature';

export const config = {
  title: 'Implement an async feature (TDD, verified APIs)',
  description:
    'Starts an async/concurrent implementation the test-first way: the skill, the before/during checklist for the language, and instructions to verify every API and fetch patterns with this server instead of writing them from memory.',
  argsSchema,
};

export function registerImplementAsyncFeature(server: McpServer, ctx: ServerContext): void {
  server.registerPrompt(name, config, ({ task, language }) => {
    const lang = parseLanguageOrThrow(language);
    const { skill } = ctx;
    const items = filterChecklist(skill.checklist, { language: lang }).filter((i) => i.phase !== 'commit');
    const checklist = renderChecklistMarkdown(skill.checklist, items, `Checklist for ${lang}`);
    const text = [
      `Implement the following in ${lang}, following the ${skill.name} skill below (test first).`,
      '',
      '## Task',
      task,
      '',
      `## How to use this server while you work`,
      skill.toolsGuide,
      '',
      checklist,
    ].join('\n');
    return {
      description: `Implement in ${lang}: ${task.slice(0, 80)}`,
      messages: [
        {
          role: 'user',
          content: { type: 'resource', resource: { uri: skill.skillUri, mimeType: 'text/markdown', text: skill.body } },
        },
        { role: 'user', content: { type: 'text', text } },
      ],
    };
  });
}
