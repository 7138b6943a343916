import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { catalogLanguages, listSymbols, verifyApi } from '../../catalog/index.js';
import type { ServerContext } from '../context.js';
import { MAX_SYMBOL_CHARS } from '../tools/verify-api.js';

/** Completion answers at most 100 values (MCP's limit for completion/complete). */
const MAX_COMPLETIONS = 100;

/** Symbols such as `timers/promises.setTimeout` hold a slash: in the URI it is written `%2F`. */
export function encodeSymbol(symbol: string): string {
  return symbol.replace(/%/g, '%25').replace(/\//g, '%2F');
}

function decodeSymbol(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded after all: take it as written
  }
}

/** `api://{language}/{symbol}`: the verify_api verdict for one symbol, as JSON, with completion of both parts. */
export function registerApiResource(server: McpServer, _ctx: ServerContext): void {
  server.registerResource(
    'api',
    new ResourceTemplate('api://{language}/{symbol}', {
      list: undefined,
      complete: {
        language: (value) => catalogLanguages.filter((l) => l.startsWith(value.toLowerCase())),
        symbol: (value, context) => {
          const language = context?.arguments?.language;
          if (!language || !(catalogLanguages as readonly string[]).includes(language)) return [];
          return listSymbols(language, decodeSymbol(value)).slice(0, MAX_COMPLETIONS).map(encodeSymbol);
        },
      },
    }),
    {
      title: 'Verified API facts',
      description:
        'The verify_api answer for one symbol as JSON, e.g. api://python/asyncio.timeout or api://node/node:timers%2Fpromises.setTimeout (write "/" inside a symbol as %2F).',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const language = String(variables.language);
      const raw = String(variables.symbol);
      if (raw.length > MAX_SYMBOL_CHARS) {
        throw new Error(`Symbol in ${uri.protocol}// URI is ${raw.length} characters; the limit is ${MAX_SYMBOL_CHARS}`);
      }
      const symbol = decodeSymbol(raw);
      const verdict = verifyApi(language, symbol);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: `${JSON.stringify(verdict, null, 2)}\n` }] };
    },
  );
}
