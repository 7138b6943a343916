import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { registerImplementAsyncFeature } from './implement-async-feature.js';
import { registerReviewAsyncCode } from './review-async-code.js';

export type PromptRegistration = (server: McpServer, ctx: ServerContext) => void;

/** Every prompt this server offers, listed by hand. */
export const promptRegistrations: readonly PromptRegistration[] = [
  registerImplementAsyncFeature,
  registerReviewAsyncCode,
];
