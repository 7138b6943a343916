using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.BoundedConcurrency;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class BoundedConcurrencyScenarios
{
    private const string P = "bounded-concurrency";

    /// <summary>
    /// An input that counts what was pulled from it, notices two pulls at once, and records whether it was closed
    /// (a generator's finally runs on Dispose/DisposeAsync).
    /// </summary>
    private sealed class Input(int count)
    {
        /// <summary>Guards the scenarios' running maximums.</summary>
        public static readonly object Lock = new();

        private int _reading;

        public int Pulled => Volatile.Read(ref _pulled);
        private int _pulled;
        public bool Closed { get; private set; }
        public bool ReadConcurrently { get; private set; }

        public IEnumerable<int> Items()
        {
            try
            {
                for (int i = 1; i <= count; i++)
                {
                    Interlocked.Increment(ref _pulled);
                    yield return i;
                }
            }
            finally
            {
                Closed = true;
            }
        }

        public async IAsyncEnumerable<int> ItemsAsync([EnumeratorCancellation] CancellationToken token = default)
        {
            try
            {
                for (int i = 1; i <= count; i++)
                {
                    if (Interlocked.Increment(ref _reading) > 1)
                    {
                        ReadConcurrently = true;
                    }
                    await Task.Yield(); // room for a second reader to come in, if the map allowed one
                    Interlocked.Increment(ref _pulled);
                    Interlocked.Decrement(ref _reading);
                    yield return i;
                }
            }
            finally
            {
                Closed = true;
            }
        }
    }

    [Item(P, "never-exceeds-limit")]
    public static async Task NeverExceedsLimit()
    {
        const int Limit = 7;
        const int Count = 200;
        int running = 0;
        int peak = 0;
        // Every running operation waits on its own gate; the scenario decides when each one finishes.
        ConcurrentDictionary<int, TaskCompletionSource> gates = new();
        Task<int[]> map = Bounded.MapAsync(Enumerable.Range(0, Count), Limit, async (int n, CancellationToken _) =>
        {
            int now = Interlocked.Increment(ref running);
            lock (gates)
            {
                peak = Math.Max(peak, now);
            }
            TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
            gates[n] = gate;
            await gate.Task;
            Interlocked.Decrement(ref running);
            return n;
        });
        // Uneven durations: whenever the limit is reached, finish a different running operation (pseudo-random,
        // fixed seed), so slots free up out of order.
        Random pick = new(17);
        int finished = 0;
        while (finished < Count)
        {
            int expected = Math.Min(Limit, Count - finished);
            await Until(() => gates.Count >= expected || map.IsCompleted, $"{expected} operations are running ({finished} finished)");
            Expect(!map.IsCompleted, $"the map ended after {finished} of {Count}: {map.Exception?.GetBaseException().Message}");
            int[] keys = gates.Keys.Order().ToArray();
            int key = keys[pick.Next(keys.Length)];
            Expect(gates.TryRemove(key, out TaskCompletionSource? gate), "the gate is there");
            gate!.SetResult();
            finished++;
        }
        Expect(peak == Limit, $"the peak of concurrently running operations is {peak}, limit {Limit}");
        int[] results = await map.WaitAsync(Patience);
        Expect(results.SequenceEqual(Enumerable.Range(0, Count)), "every item's result");
    }

    [Item(P, "results-in-input-order")]
    public static async Task ResultsInInputOrder()
    {
        TaskCompletionSource[] gates = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        int started = 0;
        List<int> finishOrder = new();
        Task<string[]> map = Bounded.MapAsync(Enumerable.Range(0, 5), 5, async (int n, CancellationToken _) =>
        {
            Interlocked.Increment(ref started);
            await gates[n].Task;
            lock (finishOrder)
            {
                finishOrder.Add(n);
            }
            return $"r{n}";
        });
        await Until(() => Volatile.Read(ref started) == 5, "all five run");
        for (int n = 4; n >= 0; n--)
        {
            // Reverse order, one at a time: each finishes before the next (earlier) one is released.
            gates[n].SetResult();
            int done = 5 - n;
            await Until(() => { lock (finishOrder) { return finishOrder.Count == done; } }, $"{done} finished");
        }
        string[] results = await map.WaitAsync(Patience);
        Expect(finishOrder.SequenceEqual([4, 3, 2, 1, 0]), $"they finished in reverse order: {string.Join(", ", finishOrder)}");
        Expect(results.SequenceEqual(["r0", "r1", "r2", "r3", "r4"]), $"results in input order, got {string.Join(", ", results)}");
    }

    [Item(P, "lazy-input")]
    public static async Task LazyInput()
    {
        const int Limit = 4;
        int pulled = 0;
        int finished = 0;
        int worstAhead = 0;
        IEnumerable<int> Endless()
        {
            for (int i = 1; ; i++)
            {
                int ahead = Interlocked.Increment(ref pulled) - Volatile.Read(ref finished);
                lock (Input.Lock)
                {
                    worstAhead = Math.Max(worstAhead, ahead);
                }
                yield return i;
            }
        }
        Exception? caught = await CatchAsync(() => Bounded.MapAsync(Endless(), Limit, async (int n, CancellationToken token) =>
        {
            await Task.Yield();
            if (n > 30)
            {
                // Later items stay in flight until stopped, so how far the input was read depends on the map
                // alone, not on how the thread pool happens to order the failure against the other items.
                await HangUntilCancelled<int>(token);
            }
            if (n == 30)
            {
                throw new InvalidOperationException("item 30");
            }
            Interlocked.Increment(ref finished);
            return n;
        }).WaitAsync(Patience));
        Expect(caught is InvalidOperationException { Message: "item 30" }, $"the call ends with item 30's failure, got {caught}");
        Expect(pulled < 30 + Limit * 3, $"{pulled} items were pulled from the endless input");
        Expect(worstAhead <= Limit, $"the input was read {worstAhead} items ahead of the finished ones, limit {Limit}");
    }

    [Item(P, "failure-stops-and-cancels")]
    public static async Task FailureStopsAndCancels()
    {
        Clock clock = new();
        ConcurrentBag<int> started = new();
        int sawCancel = 0;
        int cleanedUp = 0;
        TaskCompletionSource bothWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int[]> map = Bounded.MapAsync(Enumerable.Range(1, 10), 3, async (int n, CancellationToken token) =>
        {
            started.Add(n);
            if (n == 3)
            {
                await bothWaiting.Task;
                throw new InvalidOperationException("item 3");
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), clock, token);
                return n;
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref sawCancel);
                throw;
            }
            finally
            {
                // Cleanup that takes a moment: the failure must not surface before it is done.
                await Task.Delay(20, CancellationToken.None);
                Interlocked.Increment(ref cleanedUp);
            }
        });
        await Until(() => clock.LiveTimers >= 2, "items 1 and 2 wait");
        bothWaiting.SetResult();
        Exception? caught = await CatchAsync(() => map.WaitAsync(Patience));
        int cleanedWhenRaised = Volatile.Read(ref cleanedUp);
        Expect(caught is InvalidOperationException { Message: "item 3" }, $"the call ends with item 3's failure, got {caught}");
        Expect(sawCancel == 2, $"items 1 and 2 both saw the cancellation, {sawCancel} did");
        Expect(cleanedWhenRaised == 2, $"the failure was raised after both cleanups, {cleanedWhenRaised} had finished");
        Expect(started.Order().SequenceEqual([1, 2, 3]), $"no later item started: {string.Join(", ", started.Order())}");
    }

    [Item(P, "input-closed-on-early-exit")]
    public static async Task InputClosedOnEarlyExit()
    {
        // After a failure.
        Input failing = new(1000);
        bool closedWhenRaised = false;
        Exception? caught = await CatchAsync(async () =>
        {
            try
            {
                await Bounded.MapAsync(failing.Items(), 3, async (int n, CancellationToken _) =>
                {
                    await Task.Yield();
                    return n == 5 ? throw new FormatException("item 5") : n;
                }).WaitAsync(Patience);
            }
            finally
            {
                closedWhenRaised = failing.Closed;
            }
        });
        Expect(caught is FormatException, $"the failure is raised, got {caught}");
        Expect(closedWhenRaised, $"the input's finally ran before the call ended (pulled {failing.Pulled})");

        // After a cancellation.
        Clock clock = new();
        Input cancelled = new(1000);
        using CancellationTokenSource caller = new();
        Task<int[]> map = Bounded.MapAsync(cancelled.Items(), 3, async (int n, CancellationToken token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), clock, token);
            return n;
        }, caller.Token);
        await Until(() => clock.LiveTimers >= 3, "three operations wait");
        await caller.CancelAsync();
        caught = await CatchAsync(() => map.WaitAsync(Patience));
        bool closedWhenCancelled = cancelled.Closed;
        Expect(caught is OperationCanceledException, $"the call ends cancelled, got {caught}");
        Expect(closedWhenCancelled, $"the input's finally ran before the cancelled call ended (pulled {cancelled.Pulled})");
    }

    [Item(P, "async-input")]
    public static async Task AsyncInput()
    {
        Input input = new(50);
        int[] handled = new int[51];
        int[] results = await Bounded.MapAsync(input.ItemsAsync(), 5, async (int n, CancellationToken _) =>
        {
            Interlocked.Increment(ref handled[n]);
            await Task.Yield();
            return n * 2;
        }).WaitAsync(Patience);
        Expect(handled.Skip(1).All(count => count == 1), "every item processed exactly once");
        Expect(results.SequenceEqual(Enumerable.Range(1, 50).Select(n => n * 2)), "results in input order");
        Expect(!input.ReadConcurrently, "the input was never read by two workers at once");
        Expect(input.Closed, "the input was closed at the end");

        Input failing = new(1000);
        bool closedWhenRaised = false;
        Exception? caught = await CatchAsync(async () =>
        {
            try
            {
                await Bounded.MapAsync(failing.ItemsAsync(), 5, async (int n, CancellationToken token) =>
                {
                    await Task.Yield();
                    if (n > 20)
                    {
                        await HangUntilCancelled<int>(token); // the input is not read to its end before item 20 fails
                    }
                    return n == 20 ? throw new FormatException("item 20") : n;
                }).WaitAsync(Patience);
            }
            finally
            {
                closedWhenRaised = failing.Closed;
            }
        });
        Expect(caught is FormatException, $"the failure is raised, got {caught}");
        Expect(closedWhenRaised && failing.Pulled < 1000, $"the async input was closed after the failure (pulled {failing.Pulled})");
        Expect(!failing.ReadConcurrently, "never read by two workers at once");
    }

    [Item(P, "caller-cancel-stops-all")]
    public static async Task CallerCancelStopsAll()
    {
        Clock clock = new();
        using CancellationTokenSource caller = new();
        int sawCancel = 0;
        ConcurrentBag<int> started = new();
        Task<int[]> map = Bounded.MapAsync(Enumerable.Range(1, 100), 3, async (int n, CancellationToken token) =>
        {
            started.Add(n);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), clock, token);
                return n;
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref sawCancel);
                throw;
            }
        }, caller.Token);
        await Until(() => clock.LiveTimers >= 3, "three operations wait");
        await caller.CancelAsync();
        Exception? caught = await CatchAsync(() => map.WaitAsync(Patience));
        Expect(caught is OperationCanceledException oce && oce.CancellationToken == caller.Token, $"the call ends with the caller's cancellation, got {caught}");
        Expect(sawCancel == 3, $"all three saw it, {sawCancel} did");
        Expect(started.Count == 3, $"no new item started after the cancellation: {started.Count} started");
    }
}
