import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { PACKAGE_NAME } from '../version.js';
import { attachClientLog } from './client-log.js';
import type { ServerContext } from './context.js';
import { buildInstructions } from './instructions.js';
import { promptRegistrations } from './prompts/index.js';
import { resourceRegistrations } from './resources/index.js';
import { attachRoots } from './roots.js';
import { registerSkillsExtension, SKILLS_EXTENSION_ID, SKILLS_EXTENSION_SETTINGS } from './skills-extension.js';
import { toolRegistrations } from './tools/index.js';

/**
 * Assembles one MCP server from the shared context. It only wires: every handler calls plain functions.
 * Cheap enough to call per HTTP request (stateless mode needs a fresh server per request).
 */
export function createServer(ctx: ServerContext): McpServer {
  const server = new McpServer(
    { name: PACKAGE_NAME, version: ctx.version, title: 'Async Expert' },
    {
      capabilities: {
        logging: {},
        tools: {},
        resources: {},
        prompts: {},
        completions: {},
        extensions: { [SKILLS_EXTENSION_ID]: SKILLS_EXTENSION_SETTINGS },
      },
      instructions: buildInstructions(ctx.skill),
    },
  );
  attachClientLog(server);
  const session: ServerContext = { ...ctx, roots: attachRoots(server, ctx.workspace) };
  for (const register of toolRegistrations) register(server, session);
  for (const register of resourceRegistrations) register(server, ctx);
  for (const register of promptRegistrations) register(server, ctx);
  registerSkillsExtension(server, [ctx.skill]);
  return server;
}
