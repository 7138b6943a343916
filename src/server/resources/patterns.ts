import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getPattern, listPatterns } from '../../templates/patterns.js';
import { patternText } from '../../templates/pattern-text.js';
import { PATTERN_LANGUAGES, type PatternLanguage } from '../../templates/registry.js';
import { unknownValueMessage } from '../../errors.js';
import type { ServerContext } from '../context.js';

/**
 * `pattern://index` (JSON list) and `pattern://{language}/{id}` (the get_pattern answer as Markdown: how the template
 * was verified, on which runtimes, its contract outcome, then the code), with completion of both variables.
 */
export function registerPatternResources(server: McpServer, _ctx: ServerContext): void {
  server.registerResource(
    'patterns-index',
    'pattern://index',
    {
      title: 'Pattern index',
      description: 'Every async pattern template: id, title, summary, languages and tags (JSON).',
      mimeType: 'application/json',
    },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'application/json', text: `${JSON.stringify({ patterns: listPatterns({}) }, null, 2)}\n` }],
    }),
  );

  server.registerResource(
    'pattern',
    new ResourceTemplate('pattern://{language}/{id}', {
      list: undefined,
      complete: {
        language: (value) => PATTERN_LANGUAGES.filter((l) => l.startsWith(value)),
        id: (value, context) => {
          const language = context?.arguments?.language as PatternLanguage | undefined;
          const ok = language && (PATTERN_LANGUAGES as readonly string[]).includes(language) ? language : undefined;
          return listPatterns({ language: ok })
            .map((p) => p.id)
            .filter((id) => id.startsWith(value));
        },
      },
    }),
    {
      title: 'Pattern template',
      description:
        'One verified pattern template, e.g. pattern://python/retry-backoff, as get_pattern returns it (Markdown): minimum versions, ' +
        'what it was executed on and checked for, its contract outcome (items met under stress scenarios, unmet ones with the reason), then the code.',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const language = String(variables.language);
      if (String(variables.id).length > 100) throw new Error('Pattern id in the URI is over the limit of 100 characters');
      if (!(PATTERN_LANGUAGES as readonly string[]).includes(language)) {
        throw new Error(unknownValueMessage('language', language, PATTERN_LANGUAGES));
      }
      const pattern = getPattern({ id: String(variables.id), language: language as PatternLanguage });
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: patternText(pattern) }] };
    },
  );
}
