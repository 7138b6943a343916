/** Every Rust rule, listed by hand (the meta test checks this list against the files, tests and docs). */
import type { RsRule } from '../rule.js';
import { awaitInLoop } from './await-in-loop.js';
import { blockOnInAsync } from './block-on-in-async.js';
import { blockingCallInAsync } from './blocking-call-in-async.js';
import { danglingTask } from './dangling-task.js';
import { hallucinatedApi } from './hallucinated-api.js';
import { lockAcrossAwait } from './lock-across-await.js';
import { missingAwait } from './missing-await.js';
import { missingTimeout } from './missing-timeout.js';
import { raceCondition } from './race-condition.js';
import { swallowedError } from './swallowed-error.js';
import { tooNewApi } from './too-new-api.js';
import { unboundedConcurrency } from './unbounded-concurrency.js';

export const rustRules: RsRule[] = [
  blockingCallInAsync,
  lockAcrossAwait,
  missingAwait,
  blockOnInAsync,
  danglingTask,
  awaitInLoop,
  unboundedConcurrency,
  missingTimeout,
  swallowedError,
  raceCondition,
  hallucinatedApi,
  tooNewApi,
];
