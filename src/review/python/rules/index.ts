/** Every Python rule, listed by hand (the meta test checks this list against the files, tests and docs). */
import type { PyRule } from '../rule.js';
import { awaitInLoop } from './await-in-loop.js';
import { blockingCallInAsync } from './blocking-call-in-async.js';
import { danglingTask } from './dangling-task.js';
import { eventLoopMisuse } from './event-loop-misuse.js';
import { hallucinatedApi } from './hallucinated-api.js';
import { missingAwait } from './missing-await.js';
import { missingTimeout } from './missing-timeout.js';
import { raceCondition } from './race-condition.js';
import { swallowedCancellation } from './swallowed-cancellation.js';
import { swallowedError } from './swallowed-error.js';
import { timeoutMisuse } from './timeout-misuse.js';
import { tooNewApi } from './too-new-api.js';
import { unboundedConcurrency } from './unbounded-concurrency.js';

export const pythonRules: PyRule[] = [
  blockingCallInAsync,
  danglingTask,
  swallowedCancellation,
  missingAwait,
  awaitInLoop,
  unboundedConcurrency,
  eventLoopMisuse,
  timeoutMisuse,
  missingTimeout,
  swallowedError,
  raceCondition,
  hallucinatedApi,
  tooNewApi,
];
