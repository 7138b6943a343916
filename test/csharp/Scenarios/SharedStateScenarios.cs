using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.SharedState;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class SharedStateScenarios
{
    private const string P = "shared-state";

    [Item(P, "single-flight-shares")]
    public static async Task SingleFlightShares()
    {
        SingleFlight<int, string> flights = new();
        List<int> loads = new();
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<int, CancellationToken, Task<string>> load = async (key, _) =>
        {
            lock (loads)
            {
                loads.Add(key);
            }
            await release.Task;
            return $"user {key}";
        };
        Task<string>[] calls = Enumerable.Repeat(42, 10).Append(7).Select(key => flights.RunAsync(key, load)).ToArray();
        await Until(() => { lock (loads) { return loads.Count == 2; } }, "two loads started");
        release.SetResult();
        string[] results = await Task.WhenAll(calls);
        Expect(results.Count(r => r == "user 42") == 10 && results.Count(r => r == "user 7") == 1, "each caller got its key's result");
        lock (loads)
        {
            Expect(loads.Order().SequenceEqual([7, 42]), $"two loads, got {string.Join(", ", loads)}");
        }
        Expect(await flights.RunAsync(42, (_, _) => Task.FromResult("fresh")) == "fresh", "after they finished, a call loads again");
    }

    [Item(P, "failure-not-cached")]
    public static async Task FailureNotCached()
    {
        SingleFlight<int, string> flights = new();
        Exception? sync = await CatchAsync(() => flights.RunAsync(1, (_, _) => throw new FormatException("thrown before any task")));
        Expect(sync is FormatException, $"a synchronous throw reaches the waiter, got {sync}");
        TaskCompletionSource<string> later = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string>[] waiters = Enumerable.Range(0, 3).Select(_ => flights.RunAsync(1, (_, _) => later.Task)).ToArray();
        later.SetException(new TimeoutException("backend 503"));
        foreach (Task<string> waiter in waiters)
        {
            Expect(await CatchAsync(() => waiter) is TimeoutException, "every waiter sees the error");
        }
        Expect(await flights.RunAsync(1, (_, _) => Task.FromResult("Ada")) == "Ada", "the next call runs a new load that succeeds");
    }

    [Item(P, "waiter-cancel-keeps-load")]
    public static async Task WaiterCancelKeepsLoad()
    {
        SingleFlight<int, string> flights = new();
        int loads = 0;
        TaskCompletionSource<string> release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenSource impatient = new();
        Task<string> first = flights.RunAsync(42, (_, _) =>
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        }, impatient.Token);
        Task<string>[] others = Enumerable.Range(0, 9).Select(_ => flights.RunAsync(42, (_, _) => Task.FromResult("a second load"))).ToArray();
        await impatient.CancelAsync();
        Expect(await CatchAsync(() => first) is OperationCanceledException, "the cancelled waiter stops waiting");
        release.SetResult("user 42");
        string[] results = await Task.WhenAll(others);
        Expect(results.All(r => r == "user 42") && loads == 1, $"the other nine get the one load's value, loads {loads}");
    }

    [Item(P, "mutex-exclusive")]
    public static async Task MutexExclusive()
    {
        int inside = 0;
        int peak = 0;
        bool failNext = false;
        using Account account = new(async (decimal _, CancellationToken token) =>
        {
            int now = Interlocked.Increment(ref inside);
            InterlockedMax(ref peak, now);
            await Task.Yield(); // read, await, then write
            Interlocked.Decrement(ref inside);
            if (failNext)
            {
                failNext = false;
                throw new InvalidOperationException("save failed");
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => account.DepositAsync(1m)));
        Expect(peak == 1, $"one section at a time, peak {peak}");
        failNext = true;
        Expect(await CatchAsync(() => account.DepositAsync(1m)) is InvalidOperationException, "a section that throws");
        Expect(await account.DepositAsync(1m).WaitAsync(Patience) == 51m, "no update lost, and the lock was released by the failed section");
    }

    [Item(P, "waiters-fair-and-cancellable")]
    public static async Task WaitersFairAndCancellable()
    {
        List<decimal> order = new();
        TaskCompletionSource holderMayFinish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        using Account account = new(async (decimal balance, CancellationToken token) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await holderMayFinish.Task; // the holder keeps the lock until released
            }
            lock (order)
            {
                order.Add(balance);
            }
        });
        Task<decimal> holder = account.DepositAsync(1m);
        await Until(() => calls == 1, "the holder is inside");
        using CancellationTokenSource second = new();
        Task<decimal> w1 = account.DepositAsync(10m);
        Task<decimal> w2 = account.DepositAsync(100m, second.Token);
        Task<decimal> w3 = account.DepositAsync(1000m);
        await second.CancelAsync();
        Expect(await CatchAsync(() => w2) is OperationCanceledException, "the cancelled waiter leaves the queue");
        holderMayFinish.SetResult();
        await Task.WhenAll(holder, w1, w3);
        lock (order)
        {
            Expect(order.SequenceEqual([1m, 11m, 1011m]), $"first and third ran, in arrival order: {string.Join(", ", order)}");
        }
        Expect(await account.DepositAsync(0.5m).WaitAsync(Patience) == 1011.5m, "the lock is free at the end");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
