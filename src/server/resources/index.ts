import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { registerApiResource } from './api-resource.js';
import { registerPatternResources } from './patterns.js';
import { registerSkillFiles } from './skill-files.js';

export type ResourceRegistration = (server: McpServer, ctx: ServerContext) => void;

/** Every resource and resource template this server offers, listed by hand. */
export const resourceRegistrations: readonly ResourceRegistration[] = [
  registerSkillFiles,
  registerPatternResources,
  registerApiResource,
];
