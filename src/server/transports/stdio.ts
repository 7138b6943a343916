import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ServerContext } from '../context.js';
import { createServer } from '../create-server.js';

/**
 * Serves MCP over stdin/stdout until stdin closes or close() is called. stdout carries JSON-RPC only;
 * logs go to stderr.
 */
export async function startStdioServer(ctx: ServerContext): Promise<{ closed: Promise<void>; close(): Promise<void> }> {
  const server = createServer(ctx);
  const transport = new StdioServerTransport();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  transport.onclose = () => resolveClosed();
  // The transport does not watch for end of input: a client that exits must not leave us running.
  const onEnd = (): void => void server.close().finally(resolveClosed);
  process.stdin.once('end', onEnd);
  await server.connect(transport);
  ctx.logger.info('serving MCP over stdio', { version: ctx.version });
  return {
    closed,
    close: async () => {
      process.stdin.off('end', onEnd);
      await server.close();
      resolveClosed();
    },
  };
}
