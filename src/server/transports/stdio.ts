import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ServerContext } from '../context.js';
import { createServer } from '../create-server.js';
import { DEFAULT_MAX_LINE_BYTES, LineLimit, sniffJsonRpcId } from './line-limit.js';

/**
 * Serves MCP over stdin/stdout until stdin closes or close() is called. stdout carries JSON-RPC only;
 * logs go to stderr.
 */
export async function startStdioServer(
  ctx: ServerContext,
  maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
): Promise<{ closed: Promise<void>; initialized: Promise<void>; close(): Promise<void> }> {
  const server = createServer(ctx);
  // Resolves once the client has its `initialize` answer and says so: work that can wait (warm-up) waits for it,
  // so it does not sit between a client and that first answer.
  const initialized = new Promise<void>((resolve) => (server.server.oninitialized = resolve));
  // Bound each message: an oversize line is dropped and answered with an error instead of ending the session.
  const input = new LineLimit(maxLineBytes, (head, bytes) => {
    ctx.logger.warn('dropped an oversize stdio message', { bytes, limit: maxLineBytes });
    const error = { code: -32600, message: `Message of ${bytes} bytes exceeds the limit of ${maxLineBytes} bytes` };
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: sniffJsonRpcId(head), error })}\n`);
  });
  process.stdin.pipe(input);
  const transport = new StdioServerTransport(input, process.stdout);
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
    initialized,
    close: async () => {
      process.stdin.off('end', onEnd);
      await server.close();
      resolveClosed();
    },
  };
}
