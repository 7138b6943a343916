import type { Logger } from '../log.js';
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
export { startHttpServer } from './transports/http.js';
export { warmUpInBackground } from './warm-up.js';
export { startStdioServer } from './transports/stdio.js';
