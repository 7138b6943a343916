// @pattern
// id: timeout
// title: Timeout and deadline around an operation
// summary: Cancel an operation that overruns its time budget and report it as a TimeoutException at the deadline (even if the operation ignores its token), distinct from the caller's own cancellation and from the operation's own timeouts; share one deadline across several steps; refuse budgets no .NET timer can honour.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.CancellationTokenSource.CreateLinkedTokenSource, System.TimeProvider, System.TimeProvider.GetElapsedTime, System.Threading.Tasks.Task.WaitAsync, System.Threading.Tasks.Task.Delay, System.TimeoutException, System.OperationCanceledException
// pitfalls: Task.WaitAsync(timeout) only stops waiting: the operation keeps running unless it also receives a cancelled token; a per-step timeout lets N steps take N times the budget, so give a multi-step operation one deadline; catching OperationCanceledException without checking which token fired turns the caller's cancellation into a timeout (or the reverse); Task.WhenAny(op, Task.Delay(t)) leaks the delay timer and leaves op running; a budget above uint.MaxValue - 1 ms (about 49.7 days) makes CancelAfter and Task.Delay throw, so refuse it up front with a message that names the limit
// rules: missing-timeout, timeout-misuse
// tags: timeout, deadline, cancellation, CancellationTokenSource
// fallback: dotnet 6: Task.WaitAsync is there, TimeProvider is not (reference Microsoft.Bcl.TimeProvider, or use CancelAfter and drop the timeProvider parameters); replace ArgumentOutOfRangeException.ThrowIfLessThanOrEqual (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(timeout))
// @end

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.Timeout;

public static class Timeouts
{
    /// <summary>The longest timer .NET accepts: uint.MaxValue - 1 milliseconds, about 49.7 days.</summary>
    public static TimeSpan MaxTimer { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>
    /// Runs <paramref name="operation"/> with a token that is cancelled after <paramref name="timeout"/> or when
    /// <paramref name="cancellationToken"/> is cancelled. An overrun surfaces as <see cref="TimeoutException"/> at the
    /// deadline, even if the operation ignores its token (it is then left running, told to stop); the caller's own
    /// cancellation stays an <see cref="OperationCanceledException"/>, and the operation's own errors (its own
    /// TimeoutException or TaskCanceledException included) pass through unchanged.
    /// </summary>
    public static async Task<T> WithTimeoutAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan timeout,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        CheckBudget(timeout, nameof(timeout));

        // Our timer on the given clock, linked with the caller's token. Disposing both stops the timer and unlinks
        // from the caller's token, so nothing outlives this call.
        using CancellationTokenSource timer = new(timeout, timeProvider ?? TimeProvider.System);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await operation(linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested)
        {
            // Only our timer can have fired: the caller's token is still live.
            throw new TimeoutException($"The operation did not complete within {timeout.TotalMilliseconds} ms.", ex);
        }
    }

    /// <summary>
    /// For a task that cannot be cancelled (no token parameter): stop *waiting* after <paramref name="timeout"/>.
    /// The work itself keeps running, so the caller must not assume its side effects stopped.
    /// </summary>
    public static Task<T> WaitWithTimeoutAsync<T>(
        Task<T> uncancellable,
        TimeSpan timeout,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uncancellable);
        CheckBudget(timeout, nameof(timeout));
        // WaitAsync throws TimeoutException on overrun and cleans up its own timer either way.
        return uncancellable.WaitAsync(timeout, timeProvider ?? TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Runs several steps under one absolute deadline: the budget is set once, so a slow early step leaves less
    /// time for the later ones instead of each step getting a fresh timeout, and a step is not started at all once
    /// the deadline has passed.
    /// </summary>
    public static async Task RunWithDeadlineAsync(
        IReadOnlyList<Func<CancellationToken, Task>> steps,
        TimeSpan totalBudget,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        CheckBudget(totalBudget, nameof(totalBudget));

        TimeProvider time = timeProvider ?? TimeProvider.System;
        long start = time.GetTimestamp(); // monotonic: wall-clock adjustments do not move the deadline
        using CancellationTokenSource deadline = new(totalBudget, time);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        int index = 0;
        try
        {
            for (; index < steps.Count; index++)
            {
                Func<CancellationToken, Task> step = steps[index] ?? throw new ArgumentException($"steps[{index}] is null.", nameof(steps));
                // No time left: do not start the step. The clock is read too, not only the token: the deadline's
                // timer callback may not have run yet at the very moment the budget is used up.
                if (time.GetElapsedTime(start) >= totalBudget)
                {
                    await deadline.CancelAsync();
                }
                linked.Token.ThrowIfCancellationRequested();
                await step(linked.Token).WaitAsync(linked.Token);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Deadline of {totalBudget.TotalMilliseconds} ms passed during step {index} of {steps.Count}.", ex);
        }
    }

    /// <summary>
    /// A budget must be positive and fit a .NET timer. Infinite (Timeout.InfiniteTimeSpan) is refused too: a
    /// "timeout" that never fires is better written without this helper.
    /// </summary>
    private static void CheckBudget(TimeSpan budget, string parameterName)
    {
        if (budget <= TimeSpan.Zero || budget > MaxTimer)
        {
            throw new ArgumentOutOfRangeException(parameterName, budget, $"{parameterName} must be positive and at most {MaxTimer} (uint.MaxValue - 1 ms, the longest timer .NET supports).");
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // 1. Overrun: the caller gets TimeoutException at the deadline, and the operation's token is cancelled so it
        //    can stop (WithTimeoutAsync does not wait for it to finish stopping: it may be ignoring its token).
        CancellationToken operationToken = default;
        Exception? caught = await CatchAsync(() => Timeouts.WithTimeoutAsync<int>(async token =>
        {
            operationToken = token;
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return 1;
        }, TimeSpan.FromMilliseconds(50)));
        Check(caught is TimeoutException, $"overrun should throw TimeoutException, got {Describe(caught)}");
        Check(operationToken.IsCancellationRequested, "the timed-out operation's token should be cancelled");

        // 2. In time: the value comes through.
        int value = await Timeouts.WithTimeoutAsync(async token =>
        {
            await Task.Delay(1, token);
            return 42;
        }, TimeSpan.FromSeconds(10));
        Check(value == 42, $"expected 42, got {value}");

        // 3. The caller cancels first: that is a cancellation, not a timeout.
        using (CancellationTokenSource caller = new())
        {
            caller.CancelAfter(TimeSpan.FromMilliseconds(20));
            caught = await CatchAsync(() => Timeouts.WithTimeoutAsync<int>(async token =>
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                return 0;
            }, TimeSpan.FromSeconds(30), cancellationToken: caller.Token));
            Check(caught is OperationCanceledException, $"caller cancellation should stay OperationCanceledException, got {Describe(caught)}");
        }

        // 4. WaitAsync gives up waiting, but the uncancellable work is still pending afterwards.
        TaskCompletionSource<string> neverCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        caught = await CatchAsync(() => Timeouts.WaitWithTimeoutAsync(neverCancelled.Task, TimeSpan.FromMilliseconds(30)));
        Check(caught is TimeoutException, $"WaitAsync overrun should throw TimeoutException, got {Describe(caught)}");
        Check(!neverCancelled.Task.IsCompleted, "WaitAsync must not complete or cancel the underlying task");
        neverCancelled.SetResult("done");

        // 5. One deadline over three steps: each step fits alone, all three do not.
        int completedSteps = 0;
        Func<CancellationToken, Task> step = async token =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(80), token);
            Interlocked.Increment(ref completedSteps);
        };
        caught = await CatchAsync(() => Timeouts.RunWithDeadlineAsync([step, step, step], TimeSpan.FromMilliseconds(200)));
        Check(caught is TimeoutException, $"shared deadline should throw TimeoutException, got {Describe(caught)}");
        // Three steps need at least 240 ms, so under one 200 ms deadline the third can never finish, however
        // slow the machine; a per-step timeout of 200 ms would have let all three complete.
        Check(completedSteps < 3, $"the shared deadline should stop the third step; completed {completedSteps}");

        // 6. Arguments are checked before anything runs.
        caught = await CatchAsync(() => Timeouts.WithTimeoutAsync(_ => Task.FromResult(0), TimeSpan.Zero));
        Check(caught is ArgumentOutOfRangeException, $"zero timeout should be rejected, got {Describe(caught)}");
    }

    private static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex) // the self-check inspects the exception type
        {
            return ex;
        }
    }

    private static string Describe(Exception? ex) => ex is null ? "no exception" : ex.GetType().Name;

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("timeout self-check failed: " + message);
        }
    }
}
