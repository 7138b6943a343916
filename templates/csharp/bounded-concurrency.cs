// @pattern
// id: bounded-concurrency
// title: Bounded concurrency over a large input
// summary: Process a large or unbounded input, synchronous or asynchronous, with at most N operations in flight, pulling items lazily, keeping results in input order, stopping and cancelling at the first failure, and sharing one limit across independent callers with SemaphoreSlim.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.Tasks.Parallel.ForEachAsync, System.Threading.Tasks.ParallelOptions, System.Threading.SemaphoreSlim.WaitAsync, System.Threading.SemaphoreSlim.Release, System.Collections.Generic.IAsyncEnumerable
// pitfalls: items.Select(ProcessAsync) then Task.WhenAll starts every operation at once, however large the input; calling SemaphoreSlim.WaitAsync inside the try releases a slot that was never taken when the wait is cancelled; Parallel.ForEach (not ForEachAsync) with an async lambda is async void: it returns before the work finishes and crashes the process on an exception; Parallel.ForEachAsync defaults to Environment.ProcessorCount workers, which is wrong for I/O-bound work, so set MaxDegreeOfParallelism; an IReadOnlyList parameter forces callers to materialise an endless or huge input, take IEnumerable or IAsyncEnumerable and let the loop pull; a SemaphoreSlim that is never released (missing finally) slowly deadlocks the service
// rules: unbounded-concurrency
// tags: concurrency, limiter, semaphore, Parallel.ForEachAsync, throttling
// fallback: dotnet 6: Parallel.ForEachAsync and SemaphoreSlim.WaitAsync are there; replace ArgumentOutOfRangeException.ThrowIfNegativeOrZero (.NET 8) with an if and throw
// @end

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.BoundedConcurrency;

public static class Bounded
{
    /// <summary>
    /// Maps every item with at most <paramref name="maxConcurrency"/> calls in flight; results keep input order.
    /// The input is pulled lazily, one item whenever a call finishes, so a huge or endless sequence is never
    /// materialised. The first failure stops pulling, cancels the calls in flight, waits for them, disposes the
    /// input's enumerator (a generator's finally runs) and is rethrown.
    /// </summary>
    public static Task<TResult[]> MapAsync<TItem, TResult>(
        IEnumerable<TItem> items,
        int maxConcurrency,
        Func<TItem, CancellationToken, ValueTask<TResult>> selector,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrency);
        return CollectAsync<TItem, TResult>(
            (options, body) => Parallel.ForEachAsync(Indexed(items), options, body),
            maxConcurrency,
            selector,
            cancellationToken);
    }

    /// <summary>The same for an asynchronous input (a query, a paged API, a channel).</summary>
    public static Task<TResult[]> MapAsync<TItem, TResult>(
        IAsyncEnumerable<TItem> items,
        int maxConcurrency,
        Func<TItem, CancellationToken, ValueTask<TResult>> selector,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrency);
        return CollectAsync<TItem, TResult>(
            (options, body) => Parallel.ForEachAsync(IndexedAsync(items), options, body),
            maxConcurrency,
            selector,
            cancellationToken);
    }

    private static async Task<TResult[]> CollectAsync<TItem, TResult>(
        Func<ParallelOptions, Func<(int Index, TItem Item), CancellationToken, ValueTask>, Task> forEach,
        int maxConcurrency,
        Func<TItem, CancellationToken, ValueTask<TResult>> selector,
        CancellationToken cancellationToken)
    {
        // Each call writes its own slot, so the order is the input's whatever order the calls finish in.
        ConcurrentDictionary<int, TResult> results = new();
        ParallelOptions options = new() { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        // Parallel.ForEachAsync takes the next item only when a worker is free (one at a time, under a lock), and on
        // the first exception cancels the token given to the bodies, stops taking items, waits for the running
        // bodies and disposes the enumerator before it throws.
        await forEach(options, async ((int Index, TItem Item) entry, CancellationToken token) =>
        {
            results[entry.Index] = await selector(entry.Item, token);
        });
        TResult[] ordered = new TResult[results.Count];
        foreach (KeyValuePair<int, TResult> result in results)
        {
            ordered[result.Key] = result.Value;
        }
        return ordered;
    }

    private static IEnumerable<(int Index, TItem Item)> Indexed<TItem>(IEnumerable<TItem> items)
    {
        int index = 0;
        foreach (TItem item in items)
        {
            yield return (index++, item);
        }
    }

    private static async IAsyncEnumerable<(int Index, TItem Item)> IndexedAsync<TItem>(
        IAsyncEnumerable<TItem> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int index = 0;
        await foreach (TItem item in items.WithCancellation(cancellationToken))
        {
            yield return (index++, item);
        }
    }

    /// <summary>
    /// Streams an input of unknown length (a query, a file, a queue) through <paramref name="body"/> with at most
    /// <paramref name="maxConcurrency"/> calls in flight. Items are pulled only when a worker is free, so memory
    /// stays bounded too.
    /// </summary>
    public static Task ForEachAsync<TItem>(
        IAsyncEnumerable<TItem> source,
        int maxConcurrency,
        Func<TItem, CancellationToken, ValueTask> body,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrency);
        ParallelOptions options = new() { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(source, options, body);
    }
}

/// <summary>
/// One limit shared by unrelated call sites (e.g. every request that calls the same rate-limited API).
/// </summary>
public sealed class AsyncLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public AsyncLimiter(int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrency);
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        // Outside the try: if the wait is cancelled we hold no slot, so there is nothing to release.
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await operation(cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // 1. MapAsync: never more than 4 at once, more than one at once, results in input order.
        const int Limit = 4;
        int current = 0;
        int peak = 0;
        int[] input = Enumerable.Range(0, 200).ToArray();
        int[] squares = await Bounded.MapAsync<int, int>(input, Limit, async (int n, CancellationToken token) =>
        {
            int now = Interlocked.Increment(ref current);
            UpdateMax(ref peak, now);
            await Task.Delay(1, token);
            Interlocked.Decrement(ref current);
            return n * n;
        });
        Check(peak <= Limit, $"MapAsync ran {peak} at once, limit {Limit}");
        Check(peak > 1, "MapAsync should overlap calls");
        Check(squares.Length == 200 && squares[0] == 0 && squares[199] == 199 * 199, "results must be in input order");

        // 2. ForEachAsync over a lazy source: the source is pulled only as workers free up.
        int produced = 0;
        int processed = 0;
        int maxAhead = 0;
        await Bounded.ForEachAsync(Numbers(100, () => Interlocked.Increment(ref produced)), 3, async (int _, CancellationToken token) =>
        {
            UpdateMax(ref maxAhead, Volatile.Read(ref produced) - Volatile.Read(ref processed));
            await Task.Delay(1, token);
            Interlocked.Increment(ref processed);
        });
        Check(processed == 100, $"all 100 items processed, got {processed}");
        // In flight (3) plus the item being handed over: the source never runs far ahead of the workers.
        Check(maxAhead <= 3 + 1, $"source ran {maxAhead} items ahead of the workers");

        // 3. A failure stops the rest and is rethrown.
        int started = 0;
        Exception? caught = await CatchAsync(() => Bounded.MapAsync<int, int>(input, 2, async (int n, CancellationToken token) =>
        {
            Interlocked.Increment(ref started);
            await Task.Delay(1, token);
            return n == 5 ? throw new InvalidOperationException("item 5") : n;
        }));
        Check(caught is InvalidOperationException, $"the item's failure should propagate, got {caught?.GetType().Name ?? "none"}");
        Check(started < input.Length, $"work should stop after a failure; {started} of {input.Length} started");

        // 4. AsyncLimiter shared by 30 independent callers: never more than 2 inside.
        using AsyncLimiter limiter = new(2);
        current = 0;
        peak = 0;
        Task<int>[] callers = Enumerable.Range(0, 30).Select(i => limiter.RunAsync(async token =>
        {
            UpdateMax(ref peak, Interlocked.Increment(ref current));
            await Task.Delay(1, token);
            Interlocked.Decrement(ref current);
            return i;
        })).ToArray();
        int[] ids = await Task.WhenAll(callers);
        Check(peak <= 2 && peak >= 1 && ids.Sum() == Enumerable.Range(0, 30).Sum(), $"limiter peak {peak}, limit 2");

        // 5. A caller cancelled while queued for a slot leaves the slots intact.
        using AsyncLimiter single = new(1);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> holder = single.RunAsync(async _ =>
        {
            await release.Task;
            return 1;
        });
        using CancellationTokenSource giveUp = new();
        Task<int> queued = single.RunAsync(_ => Task.FromResult(2), giveUp.Token);
        await giveUp.CancelAsync();
        caught = await CatchAsync(() => queued);
        Check(caught is OperationCanceledException, "a cancelled wait for a slot should throw OperationCanceledException");
        release.SetResult();
        await holder;
        int after = await single.RunAsync(_ => Task.FromResult(3)).WaitAsync(TimeSpan.FromSeconds(30));
        Check(after == 3, "the limiter should still have exactly its one slot after a cancelled wait");
    }

    private static async IAsyncEnumerable<int> Numbers(int count, Action onProduced)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            onProduced();
            yield return i;
        }
    }

    private static void UpdateMax(ref int max, int candidate)
    {
        int seen = Volatile.Read(ref max);
        while (candidate > seen)
        {
            int previous = Interlocked.CompareExchange(ref max, candidate, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
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
            throw new InvalidOperationException("bounded-concurrency self-check failed: " + message);
        }
    }
}
