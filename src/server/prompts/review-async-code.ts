import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { filterChecklist, renderChecklistMarkdown } from '../../skill/checklist.js';
import type { ServerContext } from '../context.js';
import { languageArg, parseLanguageOrThrow } from './language-arg.js';

/** Same bound as review_code's input, so a prompt cannot smuggle in more than the tool would accept. */
export const MAX_CODE_CHARS = 512 * 1024;

export const argsSchema = {
  code: z.string().min(1).max(MAX_CODE_CHARS).describe(`The code to review (at most ${MAX_CODE_CHARS} characters).`),
  language: languageArg,
};

export const name = 'review-async-code';

export const config = {
  title: 'Review async code',
  description:
    'Reviews a piece of async/concurrent code against the commit checklist for its language, asking the assistant to run review_code and verify_api first and to report concrete findings with fixes.',
  argsSchema,
};

export function registerReviewAsyncCode(server: McpServer, ctx: ServerContext): void {
  server.registerPrompt(name, config, ({ code, language }) => {
    const lang = parseLanguageOrThrow(language);
    const { skill } = ctx;
    const items = filterChecklist(skill.checklist, { language: lang });
    const checklist = renderChecklistMarkdown(skill.checklist, items, `Checklist for ${lang}`);
    const fence = '`'.repeat(Math.max(3, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length + 1)));
    const text = [
      `Review this ${lang} code for async and concurrency bugs, following the ${skill.name} skill.`,
      '',
      '## How to use this server for the review',
      skill.toolsGuide,
      '',
      '## Code',
      `${fence}${lang}`,
      code,
      fence,
      '',
      checklist,
    ].join('\n');
    return {
      description: `Review ${lang} code (${code.split('\n').length} lines)`,
      messages: [{ role: 'user', content: { type: 'text', text } }],
    };
  });
}
