#!/usr/bin/env node
// The baseline for bench/server-speed.mjs: the smallest useful server on the same SDK, one tool over stdio. It
// answers `echo` with the size of what it received, so a call costs what the SDK and the transport cost and nothing
// else. Not part of the product.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'minimal-baseline', version: '0.0.0' });
server.registerTool(
  'echo',
  { description: 'Answers with the length of the text it was sent.', inputSchema: { code: z.string() } },
  async ({ code }) => ({ content: [{ type: 'text', text: String(code.length) }] }),
);
await server.connect(new StdioServerTransport());
