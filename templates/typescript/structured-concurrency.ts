// @pattern
// id: structured-concurrency
// title: Structured concurrency with an AbortController-linked task group
// summary: Child tasks live inside a scope: the first failure aborts the siblings, the scope waits for every child before it returns, and the caller's signal cancels them all.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: AbortController, AbortSignal, EventTarget.addEventListener, EventTarget.removeEventListener, Promise.allSettled, AggregateError
// pitfalls: Promise.all rejects on the first failure but leaves the siblings running unobserved; fire-and-forget children outlive the request that started them and fail as unhandled rejections; a child that ignores its signal makes the scope wait, so pass the signal on; errors caused by the abort itself are noise and should not hide the first real failure; AbortSignal.any([longLivedParent, ...]) per scope leaks on Node 20 to 24 (nodejs/node#55351, measured: 5.7 MB per 100 000 scopes on 20.20, 48.7 MB on 22.23 and 24.0), so link the parent by hand and unlink when the scope ends
// rules: floating-promise, swallowed-error
// tags: structured-concurrency, task-group, cancellation, abortsignal
// @end

const isAbortError = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

export class TaskGroup {
  private readonly controller = new AbortController();
  private readonly children: Promise<unknown>[] = [];
  private readonly failures: unknown[] = [];
  private closed = false;
  private unlinkParent: () => void = () => {};
  /** Aborted on the first child failure or when the caller's signal aborts; every child receives it. */
  readonly signal: AbortSignal = this.controller.signal;

  /** Follows `parent` until join() returns: call join() (withTaskGroup does) so the link to the parent is removed. */
  constructor(parent?: AbortSignal) {
    if (parent !== undefined && !(parent instanceof AbortSignal)) {
      throw new TypeError(`Expected \`parent\` to be an AbortSignal, got ${String(parent)} (${typeof parent})`);
    }
    if (parent?.aborted) this.controller.abort(parent.reason);
    else if (parent) {
      // Linked by hand, not with AbortSignal.any: on a long-lived parent (a server's shutdown signal) every
      // AbortSignal.any() call leaves memory behind on Node 20 to 24 (nodejs/node#55351). This listener is removed
      // when the group is joined, so a parent outliving many groups holds nothing of theirs.
      const onParentAbort = (): void => this.controller.abort(parent.reason);
      parent.addEventListener('abort', onParentAbort, { once: true });
      this.unlinkParent = () => parent.removeEventListener('abort', onParentAbort);
    }
  }

  /**
   * Starts a child now. The returned promise may be awaited for the child's value or ignored: the group observes
   * every child, so an ignored failure is still reported by `join()` and never becomes an unhandled rejection.
   */
  spawn<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (typeof task !== 'function') {
      throw new TypeError(`Expected \`task\` to be a function, got ${String(task)} (${typeof task})`);
    }
    if (this.closed) throw new Error('TaskGroup is closed: spawn children before join() returns');
    const child = (async () => task(this.signal))();
    this.children.push(
      child.then(undefined, (error: unknown) => {
        // Rejections that only echo the abort are consequences, not causes; keep the real failures.
        if (this.signal.aborted && (error === this.signal.reason || isAbortError(error))) return;
        this.failures.push(error);
        this.controller.abort(error);
      }),
    );
    return child;
  }

  /** Cancels the children still running, with `reason`. */
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /**
   * Waits for every child, including ones spawned while waiting. Throws the failure when one child failed,
   * an AggregateError when several did, or the caller's reason when the caller aborted.
   */
  async join(): Promise<void> {
    // A child may spawn siblings; keep waiting until a pass adds none.
    for (let seen = 0; seen < this.children.length; ) {
      const batch = this.children.slice(seen);
      seen = this.children.length;
      await Promise.allSettled(batch);
    }
    this.closed = true;
    this.unlinkParent();
    if (this.failures.length === 1) throw this.failures[0];
    if (this.failures.length > 1) throw new AggregateError(this.failures, `${this.failures.length} tasks failed`);
    if (this.signal.aborted) throw this.signal.reason;
  }
}

/**
 * The scope form: `body` spawns children on the group; when it returns (or throws) the group is joined, so no child
 * outlives the call. If `body` throws, the children are aborted first and the body's error wins.
 */
export async function withTaskGroup<R>(
  body: (group: TaskGroup) => Promise<R>,
  options: { signal?: AbortSignal } = {},
): Promise<R> {
  if (typeof body !== 'function') {
    throw new TypeError(`Expected \`body\` to be a function, got ${String(body)} (${typeof body})`);
  }
  options.signal?.throwIfAborted();
  const group = new TaskGroup(options.signal);
  let result: R;
  try {
    result = await body(group);
  } catch (error) {
    group.abort(error);
    try {
      await group.join();
    } catch (childError) {
      // join() hands our own abort reason back; anything else is a child failure worth reporting alongside.
      if (childError !== error) {
        throw new AggregateError([error, childError], 'The scope body failed and so did a child task');
      }
    }
    throw error;
  }
  await group.join();
  return result;
}
