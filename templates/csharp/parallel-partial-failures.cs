// @pattern
// id: parallel-partial-failures
// title: Parallel execution with partial failures
// summary: Run independent operations concurrently and return every success and every failure, each paired with its input, instead of the first exception that Task.WhenAll rethrows.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.Tasks.Task.WhenAll, System.AggregateException, System.OperationCanceledException, System.Threading.CancellationToken.IsCancellationRequested
// pitfalls: await Task.WhenAll(...) rethrows only the first exception: the others sit in the returned task's Exception.InnerExceptions; counting the caller's cancellation as one more item failure hides that the whole batch was cancelled; starting every operation at once is unbounded: over a large or data-sized input combine this with a limiter (see bounded-concurrency); an operation that throws before its first await still has to be captured per item
// rules: swallowed-error, unbounded-concurrency
// tags: parallel, WhenAll, partial failure, error handling
// fallback: dotnet 6: the pattern compiles unchanged; in the self-check CancelAsync (.NET 8) becomes Cancel() and the collection expressions (C# 12) become arrays
// @end

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.ParallelPartialFailures;

/// <summary>One input that produced a value.</summary>
public sealed record Success<TItem, TResult>(TItem Item, TResult Value);

/// <summary>One input whose operation threw.</summary>
public sealed record Failure<TItem>(TItem Item, Exception Error);

/// <summary>Successes and failures, each list in input order.</summary>
public sealed record PartialResults<TItem, TResult>(
    IReadOnlyList<Success<TItem, TResult>> Succeeded,
    IReadOnlyList<Failure<TItem>> Failed)
{
    public bool AllSucceeded => Failed.Count == 0;
}

public static class PartialParallel
{
    /// <summary>
    /// Starts <paramref name="operation"/> for every item at once and waits for all of them. Item failures are
    /// collected; the caller's cancellation is not an item failure and propagates as OperationCanceledException.
    /// </summary>
    public static async Task<PartialResults<TItem, TResult>> RunAllAsync<TItem, TResult>(
        IEnumerable<TItem> items,
        Func<TItem, CancellationToken, Task<TResult>> operation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(operation);

        List<TItem> inputs = new(items);
        Task<Outcome<TResult>>[] running = new Task<Outcome<TResult>>[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            running[i] = CaptureAsync(inputs[i], operation, cancellationToken);
        }

        // CaptureAsync only throws for cancellation, so WhenAll here means "all settled".
        Outcome<TResult>[] outcomes = await Task.WhenAll(running);

        List<Success<TItem, TResult>> succeeded = new();
        List<Failure<TItem>> failed = new();
        for (int i = 0; i < outcomes.Length; i++)
        {
            Outcome<TResult> outcome = outcomes[i];
            if (outcome.Error is null)
            {
                succeeded.Add(new Success<TItem, TResult>(inputs[i], outcome.Value));
            }
            else
            {
                failed.Add(new Failure<TItem>(inputs[i], outcome.Error));
            }
        }
        return new PartialResults<TItem, TResult>(succeeded, failed);
    }

    private readonly record struct Outcome<TResult>(TResult Value, Exception? Error);

    private static async Task<Outcome<TResult>> CaptureAsync<TItem, TResult>(
        TItem item,
        Func<TItem, CancellationToken, Task<TResult>> operation,
        CancellationToken cancellationToken)
    {
        try
        {
            // Inside the try, so an operation that throws synchronously is captured like one that faults later.
            return new Outcome<TResult>(await operation(item, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the batch was cancelled: not this item's failure
        }
        catch (Exception ex) // recorded per item: the point of the pattern
        {
            return new Outcome<TResult>(default!, ex); // Value is never read when Error is set
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // 1. Two of five fail with different errors: both are reported, with their inputs, in input order.
        PartialResults<int, string> results = await PartialParallel.RunAllAsync<int, string>(
            [1, 2, 3, 4, 5],
            async (int n, CancellationToken token) =>
            {
                await Task.Delay(5 * (6 - n), token); // later items finish first: order must still follow input
                return n switch
                {
                    2 => throw new InvalidOperationException("two"),
                    4 => throw new FormatException("four"),
                    _ => $"item {n}",
                };
            });
        Check(results.Succeeded.Count == 3 && results.Failed.Count == 2, $"expected 3 successes and 2 failures, got {results.Succeeded.Count}/{results.Failed.Count}");
        Check(results.Succeeded[0].Item == 1 && results.Succeeded[1].Item == 3 && results.Succeeded[2].Item == 5, "successes must be in input order");
        Check(results.Succeeded[2].Value == "item 5", $"unexpected value {results.Succeeded[2].Value}");
        Check(results.Failed[0] is { Item: 2, Error: InvalidOperationException }, "item 2 should fail with InvalidOperationException");
        Check(results.Failed[1] is { Item: 4, Error: FormatException }, "item 4 should fail with FormatException");
        Check(!results.AllSucceeded, "AllSucceeded must be false");

        // 2. The pitfall this replaces: awaiting WhenAll surfaces one exception; the task holds both.
        Task<int> first = Task.FromException<int>(new InvalidOperationException("a"));
        Task<int> second = Task.FromException<int>(new FormatException("b"));
        Task<int[]> all = Task.WhenAll(first, second);
        Exception? thrown = null;
        try
        {
            await all;
        }
        catch (Exception ex) // demonstrating what plain WhenAll loses
        {
            thrown = ex;
        }
        Check(thrown is InvalidOperationException, "await WhenAll rethrows the first exception only");
        Check(all.Exception is AggregateException { InnerExceptions.Count: 2 }, "the WhenAll task keeps every exception");

        // 3. A synchronous throw (before any await) is captured as that item's failure.
        PartialResults<string, int> sync = await PartialParallel.RunAllAsync<string, int>(
            ["ok", "bad"],
            (string s, CancellationToken _) => s == "bad" ? throw new ArgumentException("bad input") : Task.FromResult(s.Length));
        Check(sync.Succeeded.Count == 1 && sync.Failed.Count == 1 && sync.Failed[0].Error is ArgumentException, "synchronous throw should be captured");

        // 4. The caller's cancellation is not an item failure: it propagates.
        using CancellationTokenSource cancel = new();
        Task<PartialResults<int, int>> cancelled = PartialParallel.RunAllAsync<int, int>(
            [1, 2, 3],
            async (int n, CancellationToken token) =>
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                return n;
            },
            cancel.Token);
        await cancel.CancelAsync();
        bool propagated = false;
        try
        {
            await cancelled;
        }
        catch (OperationCanceledException)
        {
            propagated = true;
        }
        Check(propagated, "cancelling the batch should throw OperationCanceledException");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("parallel-partial-failures self-check failed: " + message);
        }
    }
}
