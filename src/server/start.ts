import type { Logger } from '../log.js';
import type { HttpServerOptions, RunningHttpServer } from './transports/http.js';
import { loadSkill } from '../skill/load-skill.js';
import { PACKAGE_VERSION } from '../version.js';
import type { ServerContext } from './context.js';
import { createInlineRunner, type ReviewRunner } from './review-runner.js';
import type { WorkspaceOptions } from './roots.js';

/** Loads everything the server shares across requests, once per process. */
export function createContext(
  logger: Logger,
  reviews: ReviewRunner = createInlineRunner(),
  workspace: WorkspaceOptions = { transport: 'stdio', cwd: process.cwd() },
): ServerContext {
  return { skill: loadSkill(), logger, version: PACKAGE_VERSION, reviews, workspace };
}

export { createInlineRunner, createPoolRunner } from './review-runner.js';
/**
 * Starts the HTTP transport. Loaded on call: express and its dependencies are most of what a stdio start-up would
 * otherwise import before it can answer `initialize` (bench/PROFILE.md).
 */
export async function startHttpServer(ctx: ServerContext, options: HttpServerOptions): Promise<RunningHttpServer> {
  const http = await import('./transports/http.js');
  return http.startHttpServer(ctx, options);
}
export { warmUpInBackground } from './warm-up.js';
export { startStdioServer } from './transports/stdio.js';
