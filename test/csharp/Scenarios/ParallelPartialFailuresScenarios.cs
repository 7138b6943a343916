using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.ParallelPartialFailures;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class ParallelPartialFailuresScenarios
{
    private const string P = "parallel-partial-failures";

    [Item(P, "every-outcome-kept")]
    public static async Task EveryOutcomeKept()
    {
        Clock clock = new();
        int[] inputs = [1, 2, 3, 4, 5, 6, 7];
        Task<PartialResults<int, int>> run = PartialParallel.RunAllAsync(inputs, async (n, token) =>
        {
            // Later inputs finish first, so input order is not completion order.
            await Task.Delay(TimeSpan.FromMilliseconds(10 * (8 - n)), clock, token);
            return n is 3 or 6 ? throw new InvalidOperationException($"item {n} failed") : n * 10;
        });
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(70), timers: 7);
        PartialResults<int, int> results = await run.WaitAsync(Patience);
        Expect(results.Succeeded.Select(s => (s.Item, s.Value)).SequenceEqual([(1, 10), (2, 20), (4, 40), (5, 50), (7, 70)]), "five successes with their inputs, in input order");
        Expect(results.Failed.Select(f => f.Item).SequenceEqual([3, 6]) && results.Failed.All(f => f.Error.Message == $"item {f.Item} failed"), "two failures with their inputs and errors, in input order");
    }

    [Item(P, "failure-does-not-stop-others")]
    public static async Task FailureDoesNotStopOthers()
    {
        Clock clock = new();
        Task<PartialResults<string, string>> run = PartialParallel.RunAllAsync(["sync", "late", "a", "b"], async (name, token) =>
        {
            if (name == "sync")
            {
                throw new InvalidOperationException("before the first await");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(name == "late" ? 5 : 20), clock, token);
            return name == "late" ? throw new InvalidOperationException("after an await") : name;
        });
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(5), timers: 3);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(15), timers: 2);
        PartialResults<string, string> results = await run.WaitAsync(Patience);
        Expect(results.Succeeded.Select(s => s.Value).SequenceEqual(["a", "b"]), "the others completed as successes");
        Expect(results.Failed.Select(f => f.Item).SequenceEqual(["sync", "late"]), "both failures recorded");
    }

    [Item(P, "odd-failures-are-failures")]
    public static async Task OddFailuresAreFailures()
    {
        // C# cannot throw a non-exception; the odd case is an operation cancelled by its own token, not the caller's.
        using CancellationTokenSource own = new();
        await own.CancelAsync();
        PartialResults<int, int> results = await PartialParallel.RunAllAsync([1, 2], (n, _) =>
            n == 1 ? Task.FromCanceled<int>(own.Token) : Task.FromResult(n)).WaitAsync(Patience);
        Expect(results.Failed.Count == 1 && results.Failed[0].Item == 1 && results.Failed[0].Error is OperationCanceledException oce && oce.CancellationToken == own.Token, "the self-cancelled item is a failure carrying its own cancellation");
        Expect(results.Succeeded.Count == 1 && results.Succeeded[0].Value == 2, "the other one succeeded");
    }

    [Item(P, "caller-cancel-cancels-all")]
    public static async Task CallerCancelCancelsAll()
    {
        Clock clock = new();
        using CancellationTokenSource caller = new();
        int sawCancel = 0;
        Task<PartialResults<int, int>> run = PartialParallel.RunAllAsync([1, 2, 3], async (n, token) =>
        {
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
        Exception? caught = await CatchAsync(() => run.WaitAsync(Patience));
        Expect(caught is OperationCanceledException oce && oce.CancellationToken == caller.Token, $"the call ends with the caller's cancellation, got {caught}");
        Expect(sawCancel == 3, $"all three saw it, {sawCancel} did");
    }
}
