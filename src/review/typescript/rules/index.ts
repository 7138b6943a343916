/** Every TypeScript/JavaScript rule, listed by hand: the order is the order findings are produced in. */
import type { Rule } from '../rule.js';
import * as asyncPromiseExecutor from './async-promise-executor.js';
import * as awaitInLoop from './await-in-loop.js';
import * as blockingCallInAsync from './blocking-call-in-async.js';
import * as brokenPromiseChain from './broken-promise-chain.js';
import * as floatingPromise from './floating-promise.js';
import * as hallucinatedApi from './hallucinated-api.js';
import * as misusedPromise from './misused-promise.js';
import * as missingAwait from './missing-await.js';
import * as missingTimeout from './missing-timeout.js';
import * as promiseExecutorReturn from './promise-executor-return.js';
import * as raceCondition from './race-condition.js';
import * as swallowedError from './swallowed-error.js';
import * as thenWithoutCatch from './then-without-catch.js';
import * as tooNewApi from './too-new-api.js';
import * as unboundedConcurrency from './unbounded-concurrency.js';

export const rules: readonly Rule[] = [
  floatingPromise,
  missingAwait,
  awaitInLoop,
  unboundedConcurrency,
  blockingCallInAsync,
  asyncPromiseExecutor,
  promiseExecutorReturn,
  misusedPromise,
  thenWithoutCatch,
  brokenPromiseChain,
  missingTimeout,
  swallowedError,
  raceCondition,
  hallucinatedApi,
  tooNewApi,
];

export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);

export function getRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
