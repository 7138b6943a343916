import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SetLevelRequestSchema, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

const SEVERITY: Readonly<Record<LoggingLevel, number>> = {
  debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5, alert: 6, emergency: 7,
};

/** What a client hears without asking: notable events, not per-call chatter. */
const DEFAULT_CLIENT_LEVEL: LoggingLevel = 'info';

export interface ClientLog {
  log(level: LoggingLevel, message: string, data?: Record<string, unknown>): void;
}

const logs = new WeakMap<McpServer, ClientLog>();

/**
 * MCP logging notifications for one server instance. `logging/setLevel` is answered here so the level is known
 * per connection; messages below it are not sent. Sending never throws into a tool: a closed transport just drops it.
 */
export function attachClientLog(server: McpServer, logger = 'async-expert-mcp'): ClientLog {
  let level: LoggingLevel = DEFAULT_CLIENT_LEVEL;
  server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    level = request.params.level;
    return {};
  });
  const clientLog: ClientLog = {
    log(at, message, data) {
      if (SEVERITY[at] < SEVERITY[level] || !server.isConnected()) return;
      server.sendLoggingMessage({ level: at, logger, data: { message, ...data } }).catch(() => {});
    },
  };
  logs.set(server, clientLog);
  return clientLog;
}

/** The client log of a server built by createServer; a silent one for servers built elsewhere (tests). */
export function clientLog(server: McpServer): ClientLog {
  return logs.get(server) ?? { log: () => {} };
}
