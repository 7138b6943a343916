// @pattern
// id: first-success-race
// title: First-success racing and hedged requests
// summary: Take the first successful result among several candidates (or among staggered retries of one request, a hedge), cancel the losers and wait for them to stop, and throw every failure together only when all candidates fail.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.Tasks.Task.WhenAny, System.Threading.CancellationTokenSource.CreateLinkedTokenSource, System.Threading.CancellationTokenSource.CancelAsync, System.Threading.Tasks.Task.Delay, System.TimeProvider, System.Threading.Tasks.ConfigureAwaitOptions.SuppressThrowing, System.AggregateException
// pitfalls: await Task.WhenAny returns the first task to finish, successful or not: a fast failure is not a winner; WhenAny does not cancel the other tasks: without a shared token the losers keep running and hold connections; losers that are neither awaited nor cancelled leak work whose failures nobody observes; cancelling one shared token also cancels the winner's, which may still back the value it returned, so give each attempt its own source; a hedge delay above uint.MaxValue - 1 ms makes Task.Delay throw mid-race, so refuse it at the call; hedge only idempotent reads, since two attempts may both take effect; a hedge delay well below the usual latency doubles the load (a common choice is around the 95th percentile); the losers are awaited after cancellation, so one that ignores its token delays the return; Task.WhenEach (.NET 9) hands out tasks as they complete and would replace the WhenAny-and-remove loop, but it is not in .NET 8
// rules: dangling-task, floating-promise, swallowed-error
// tags: race, WhenAny, hedging, first success, cancellation, tail latency
// fallback: dotnet 6: ConfigureAwaitOptions.SuppressThrowing (.NET 8) becomes try { await losers; } catch (Exception) { } with a comment that the losers' outcomes no longer matter; CancelAsync (.NET 8) becomes Cancel(); replace the ArgumentOutOfRangeException.ThrowIf* helpers (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(x))
// @end

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.FirstSuccessRace;

public static class Race
{
    /// <summary>The longest timer .NET accepts: uint.MaxValue - 1 milliseconds, about 49.7 days.</summary>
    public static TimeSpan MaxTimer { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>Starts every candidate at once and returns the first success (like Promise.any).</summary>
    public static Task<T> FirstSuccessAsync<T>(IReadOnlyList<Func<CancellationToken, Task<T>>> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count);
        return RunAsync(candidates, TimeSpan.Zero, TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="operation"/>, and if no answer has come after <paramref name="hedgeDelay"/>, sends it
    /// again alongside, up to <paramref name="maxAttempts"/> in flight; a failed attempt starts the next at once.
    /// The first success wins and the other attempts are cancelled.
    /// </summary>
    public static Task<T> HedgedAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan hedgeDelay,
        int maxAttempts,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hedgeDelay, TimeSpan.Zero);
        if (hedgeDelay > MaxTimer)
        {
            // Task.Delay would throw this only when the first hedge timer starts, in the middle of the race.
            throw new ArgumentOutOfRangeException(nameof(hedgeDelay), hedgeDelay, $"hedgeDelay must be at most {MaxTimer} (uint.MaxValue - 1 ms, the longest timer .NET supports).");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAttempts);
        return RunAsync(Enumerable.Repeat(operation, maxAttempts).ToArray(), hedgeDelay, timeProvider ?? TimeProvider.System, cancellationToken);
    }

    /// <param name="stagger">Zero: start all candidates now. Otherwise start the next one when this long passes without a winner.</param>
    private static async Task<T> RunAsync<T>(IReadOnlyList<Func<CancellationToken, Task<T>>> candidates, TimeSpan stagger, TimeProvider time, CancellationToken cancellationToken)
    {
        // Each attempt gets its own source, linked to the caller's: the caller can still cancel everything, and we
        // cancel the losers without touching the winner's token (whatever it handed back may still depend on it).
        Dictionary<Task<T>, CancellationTokenSource> running = new();
        List<Exception> failures = new();
        using CancellationTokenSource stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? staggerTimer = null;
        Task<T>? winner = null;
        int next = 0;
        try
        {
            while (true)
            {
                while (next < candidates.Count && (stagger == TimeSpan.Zero || running.Count == 0))
                {
                    Start(candidates[next++]);
                }
                if (running.Count == 0)
                {
                    break; // every candidate has failed
                }
                if (next < candidates.Count)
                {
                    staggerTimer ??= Task.Delay(stagger, time, stopTimer.Token);
                }

                List<Task> waitingOn = new(running.Keys);
                if (staggerTimer is not null)
                {
                    waitingOn.Add(staggerTimer);
                }
                Task finished = await Task.WhenAny(waitingOn);
                cancellationToken.ThrowIfCancellationRequested(); // the caller gave up: not a candidate failure

                if (finished == staggerTimer)
                {
                    staggerTimer = null;
                    Start(candidates[next++]); // the hedge
                    continue;
                }
                Task<T> attempt = (Task<T>)finished;
                if (attempt.IsCompletedSuccessfully)
                {
                    winner = attempt;
                    return await attempt;
                }
                // WhenAny finished "first", not "successfully": a failure only removes this candidate.
                running.Remove(attempt, out CancellationTokenSource? spent);
                spent?.Dispose();
                failures.Add(attempt.Exception?.InnerException ?? new TaskCanceledException(attempt));
                // If nothing else is running, the loop above starts the next attempt at once: waiting out the
                // delay after a failure would only add latency.
            }
            throw new AggregateException("Every candidate failed.", failures);
        }
        finally
        {
            await stopTimer.CancelAsync(); // the stagger timer: nothing stays scheduled after the race
            foreach ((Task<T> attempt, CancellationTokenSource source) in running)
            {
                if (attempt != winner)
                {
                    await source.CancelAsync(); // the losers
                }
            }
            // Wait for the losers so no work outlives this call; their outcomes no longer matter, hence
            // SuppressThrowing (.NET 8), applied through the non-generic Task, which is where it is allowed.
            Task losers = Task.WhenAll(running.Keys);
            await losers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (CancellationTokenSource source in running.Values)
            {
                source.Dispose(); // disposing does not cancel: the winner's token stays as it was
            }
        }

        void Start(Func<CancellationToken, Task<T>> candidate)
        {
            CancellationTokenSource own = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            running.Add(StartAsync(candidate, own.Token), own);
        }
    }

    // Async so that a candidate throwing before its first await becomes a faulted task like any other failure.
    private static async Task<T> StartAsync<T>(Func<CancellationToken, Task<T>> candidate, CancellationToken token) =>
        await candidate(token);
}

public static class SelfCheck
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // turns a hang into a failure

    public static async Task RunAsync()
    {
        // 1. A fast failure, a success, and a hang: the success wins; the hung loser is cancelled and has
        //    finished by the time the race returns.
        bool loserStopped = false;
        string winner = await Race.FirstSuccessAsync<string>(
        [
            _ => throw new InvalidOperationException("replica A is down"),
            async token =>
            {
                await Task.Delay(20, token);
                return "replica B";
            },
            async token =>
            {
                try
                {
                    await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                    return "replica C";
                }
                finally
                {
                    loserStopped = true;
                }
            },
        ]).WaitAsync(Guard);
        Check(winner == "replica B", $"the first success should win, got {winner}");
        Check(loserStopped, "the losing candidate must be cancelled and awaited before the race returns");

        // 2. Every candidate fails: all failures are reported together.
        Exception? caught = await CatchAsync(() => Race.FirstSuccessAsync<int>(
        [
            _ => Task.FromException<int>(new TimeoutException("a")),
            async token =>
            {
                await Task.Delay(5, token);
                throw new FormatException("b");
            },
        ]));
        Check(caught is AggregateException { InnerExceptions.Count: 2 } all && all.InnerExceptions.Any(e => e is TimeoutException) && all.InnerExceptions.Any(e => e is FormatException),
            $"expected both failures in an AggregateException, got {caught?.GetType().Name ?? "none"}");

        // 3. Hedge: the first attempt stalls, a second one goes out after the hedge delay and wins.
        int attempts = 0;
        bool firstCancelled = false;
        string hedged = await Race.HedgedAsync(async token =>
        {
            int attempt = Interlocked.Increment(ref attempts);
            if (attempt == 1)
            {
                try
                {
                    await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                }
                catch (OperationCanceledException)
                {
                    firstCancelled = true;
                    throw;
                }
            }
            return $"attempt {attempt}";
        }, hedgeDelay: TimeSpan.FromMilliseconds(30), maxAttempts: 3).WaitAsync(Guard);
        Check(hedged == "attempt 2" && attempts == 2, $"the hedge should win with 2 attempts, got {hedged} after {attempts}");
        Check(firstCancelled, "the stalled first attempt must be cancelled");

        // 4. A fast answer: no hedge is sent (the timer is cancelled, not waited out).
        attempts = 0;
        int quick = await Race.HedgedAsync(_ => Task.FromResult(Interlocked.Increment(ref attempts)), TimeSpan.FromMinutes(10), 3).WaitAsync(Guard);
        Check(quick == 1 && attempts == 1, $"a fast first attempt needs no hedge, attempts {attempts}");

        // 5. A failed attempt starts the next one at once rather than after the hedge delay.
        attempts = 0;
        int retried = await Race.HedgedAsync(token =>
        {
            int attempt = Interlocked.Increment(ref attempts);
            return attempt == 1 ? Task.FromException<int>(new TimeoutException("first failed")) : Task.FromResult(attempt);
        }, TimeSpan.FromMinutes(10), 3).WaitAsync(Guard);
        Check(retried == 2, $"the second attempt should follow the failure at once, got {retried}");

        // 6. The caller cancels: OperationCanceledException, not a list of cancelled candidates.
        using CancellationTokenSource cancel = new();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(20));
        caught = await CatchAsync(() => Race.HedgedAsync<int>(async token =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return 0;
        }, TimeSpan.FromMilliseconds(5), 3, cancellationToken: cancel.Token).WaitAsync(Guard));
        Check(caught is OperationCanceledException, $"caller cancellation should surface as OperationCanceledException, got {caught?.GetType().Name ?? "none"}");
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

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("first-success-race self-check failed: " + message);
        }
    }
}
