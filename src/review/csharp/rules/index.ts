/** Every C# rule, listed by hand (the meta test checks this list against the files, tests and docs). */
import type { CsRule } from '../rule.js';
import { asyncVoid } from './async-void.js';
import { awaitInLoop } from './await-in-loop.js';
import { blockingCallInAsync } from './blocking-call-in-async.js';
import { floatingPromise } from './floating-promise.js';
import { hallucinatedApi } from './hallucinated-api.js';
import { missingCancellation } from './missing-cancellation.js';
import { missingTimeout } from './missing-timeout.js';
import { raceCondition } from './race-condition.js';
import { swallowedError } from './swallowed-error.js';
import { syncOverAsync } from './sync-over-async.js';
import { tooNewApi } from './too-new-api.js';
import { unboundedConcurrency } from './unbounded-concurrency.js';

export const csharpRules: CsRule[] = [
  asyncVoid,
  syncOverAsync,
  blockingCallInAsync,
  floatingPromise,
  missingCancellation,
  missingTimeout,
  awaitInLoop,
  unboundedConcurrency,
  swallowedError,
  raceCondition,
  hallucinatedApi,
  tooNewApi,
];
