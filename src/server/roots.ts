/**
 * The roots one MCP session may read. `--root` wins; over HTTP there is no file access without it; over stdio a
 * client that declares the `roots` capability is asked with roots/list (again after
 * notifications/roots/list_changed); with neither, the working directory the client started the server in stands
 * in, and every answer says so.
 */
import { fileURLToPath } from 'node:url';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { makeRoots, RootsError, type Roots } from '../workspace/roots.js';

/** How this process was started, as far as file access goes. */
export interface WorkspaceOptions {
  /** `--root DIR` (repeatable): these and nothing else. */
  cliRoots?: readonly string[];
  transport: 'stdio' | 'http';
  /** The stdio fallback root. */
  cwd: string;
}

export type RootsProvider = () => Promise<Roots>;

/** Attaches the roots logic to one server (one session); call once after creating it. */
export function attachRoots(server: McpServer, options: WorkspaceOptions): RootsProvider {
  let cached: Promise<Roots> | undefined;
  server.server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    cached = undefined; // asked again on next use
  });
  const ask = async (): Promise<Roots> => {
    if (options.cliRoots && options.cliRoots.length > 0) return makeRoots(options.cliRoots, 'cli');
    if (options.transport === 'http') {
      throw new RootsError('File access is off: this HTTP server was started without --root; restart it with --root DIR to let review_files and review_diff read that folder');
    }
    if (server.server.getClientCapabilities()?.roots) {
      const { roots } = await server.server.listRoots();
      const dirs = roots.filter((r) => r.uri.startsWith('file://')).map((r) => fileURLToPath(r.uri));
      if (dirs.length === 0) throw new RootsError('The client declares roots but listed no file:// root; add a root in the client (or start the server with --root DIR)');
      return makeRoots(dirs, 'client');
    }
    return makeRoots([options.cwd], 'cwd', `No roots from the client and no --root: using the folder the server was started in (${options.cwd})`);
  };
  return () => {
    cached ??= ask().catch((error: unknown) => {
      cached = undefined; // a failure is not remembered: the next call asks again
      throw error;
    });
    return cached;
  };
}
