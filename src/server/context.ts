import type { Logger } from '../log.js';
import type { LoadedSkill } from '../skill/load-skill.js';
import type { ReviewRunner } from './review-runner.js';

/** What every tool, resource and prompt may use. Loaded once per process and shared by all server instances. */
export interface ServerContext {
  skill: LoadedSkill;
  logger: Logger;
  version: string;
  /** Where review_code runs: worker threads in the real server, the main thread in in-process tests. */
  reviews: ReviewRunner;
}
