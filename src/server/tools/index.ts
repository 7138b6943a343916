import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { registerGetChecklist } from './get-checklist.js';
import { registerGetPattern } from './get-pattern.js';
import { registerListPatterns } from './list-patterns.js';
import { registerReviewCode } from './review-code.js';
import { registerReviewDiff } from './review-diff.js';
import { registerReviewFiles } from './review-files.js';
import { registerSearchApi } from './search-api.js';
import { registerVerifyApi } from './verify-api.js';

export type ToolRegistration = (server: McpServer, ctx: ServerContext) => void;

/** Every tool this server offers, listed by hand (one file per tool). */
export const toolRegistrations: readonly ToolRegistration[] = [
  registerGetChecklist,
  registerListPatterns,
  registerGetPattern,
  registerVerifyApi,
  registerSearchApi,
  registerReviewCode,
  registerReviewFiles,
  registerReviewDiff,
];
