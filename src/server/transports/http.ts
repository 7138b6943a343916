import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ServerContext } from '../context.js';
import { createServer } from '../create-server.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_DEADLINE_MS } from './http-defaults.js';


const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Required when `host` is not a loopback address. Clients send `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Host header names accepted besides loopback ones (needed behind a name when binding elsewhere). */
  allowedHosts?: string[];
  /**
   * Browser origins allowed to call the server (CORS), exactly as sent in the Origin header, e.g.
   * `http://localhost:6274`. None by default: then no CORS headers are sent at all.
   */
  corsOrigins?: string[];
  maxBodyBytes?: number;
  shutdownDeadlineMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish until the deadline, then drops what is left. */
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/** Constant-time comparison of a presented bearer token with the configured one (digests equalise lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Starts Streamable HTTP at /mcp, stateless: a new MCP server and transport for each request. */
export async function startHttpServer(ctx: ServerContext, options: HttpServerOptions): Promise<RunningHttpServer> {
  const { host, port } = options;
  const loopback = isLoopbackHost(host);
  if (!loopback && !options.authToken) {
    throw new Error(
      `Refusing to listen on non-loopback address ${host} without a bearer token: pass --auth-token or set ASYNC_EXPERT_MCP_TOKEN`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logger = ctx.logger;
  const app = express();
  app.disable('x-powered-by');

  // DNS rebinding: only loopback Host names unless more were allowed explicitly. When bound beyond loopback
  // without a list of names, the bearer token is the guard (a rebinding page cannot know it).
  const allowedHostnames = ['localhost', '127.0.0.1', '[::1]', ...(options.allowedHosts ?? [])];
  if (loopback || options.allowedHosts?.length) app.use(hostHeaderValidation(allowedHostnames));

  // A browser page on another origin must not drive the server: refuse cross-origin requests, except from origins
  // configured for CORS, which also get the CORS headers (and their preflight answered).
  const corsOrigins = new Set(options.corsOrigins ?? []);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (corsOrigins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, Mcp-Protocol-Version');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Accept, Authorization, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-Id');
        res.setHeader('Access-Control-Max-Age', '600');
        return void res.status(204).end();
      }
      return next();
    }
    let hostname: string;
    try {
      hostname = new URL(origin).hostname;
    } catch {
      return jsonRpcError(res, 403, -32000, `Invalid Origin header: ${origin}`);
    }
    const bare = hostname.replace(/^\[|\]$/g, '');
    if (allowedHostnames.some((h) => h.replace(/^\[|\]$/g, '') === bare)) return next();
    return jsonRpcError(res, 403, -32000, `Origin not allowed: ${origin}`);
  });

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok', version: ctx.version });
  });

  if (options.authToken) {
    const expected = options.authToken;
    app.use('/mcp', (req: Request, res: Response, next: NextFunction) => {
      const header = req.headers.authorization ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (presented && tokenMatches(presented, expected)) return next();
      res.setHeader('WWW-Authenticate', 'Bearer');
      return jsonRpcError(res, 401, -32001, 'Unauthorized: send Authorization: Bearer <token>');
    });
  }

  app.use(express.json({ limit: maxBodyBytes }));

  let inFlight = 0;
  app.post('/mcp', async (req: Request, res: Response) => {
    inFlight += 1;
    const method = typeof req.body?.method === 'string' ? req.body.method : undefined;
    logger.debug('HTTP request received', { method, inFlight });
    const server = createServer(ctx);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      logger.debug('HTTP request closed', { finished: res.writableFinished, inFlight });
      inFlight -= 1;
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      logger.error('MCP request failed', { error: String(error) });
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal error');
    }
  });
  // Stateless: there is no stream to resume and no session to delete.
  app.all('/mcp', (_req, res) => {
    res.setHeader('Allow', 'POST');
    jsonRpcError(res, 405, -32000, 'Method not allowed: this server is stateless, use POST /mcp');
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found: the MCP endpoint is POST /mcp, health is GET /healthz' });
  });
  // Body parser failures (too large, broken JSON) become JSON-RPC errors instead of HTML pages.
  app.use((error: { type?: string; status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      return jsonRpcError(res, 413, -32600, `Request body exceeds the limit of ${maxBodyBytes} bytes`);
    }
    if (error.type === 'entity.parse.failed') return jsonRpcError(res, 400, -32700, 'Parse error: body is not valid JSON');
    logger.warn('HTTP request rejected', { error: error.message });
    return jsonRpcError(res, error.status ?? 400, -32600, `Invalid request: ${error.message ?? 'unknown error'}`);
  });

  const httpServer: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
    s.once('error', reject);
  });
  const address = httpServer.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}/mcp`;
  logger.info('serving MCP over Streamable HTTP', { url, auth: Boolean(options.authToken) });

  const deadlineMs = options.shutdownDeadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS;
  return {
    url,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn('shutdown deadline reached; dropping connections', { inFlight });
          httpServer.closeAllConnections();
        }, deadlineMs);
        timer.unref();
        httpServer.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Idle keep-alive sockets would hold close() open until the deadline.
        httpServer.closeIdleConnections();
      }),
  };
}
