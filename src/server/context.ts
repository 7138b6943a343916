import type { Logger } from '../log.js';
import type { LoadedSkill } from '../skill/load-skill.js';
import type { ReviewRunner } from './review-runner.js';
import type { RootsProvider, WorkspaceOptions } from './roots.js';

/** What every tool, resource and prompt may use. Loaded once per process and shared by all server instances. */
export interface ServerContext {
  skill: LoadedSkill;
  logger: Logger;
  version: string;
  /** Where review_code runs: worker threads in the real server, the main thread in in-process tests. */
  reviews: ReviewRunner;
  /** How file access is set up for this process (--root, transport, the stdio fallback folder). */
  workspace: WorkspaceOptions;
  /** The roots of the current session; set per server by createServer. */
  roots?: RootsProvider;
}
