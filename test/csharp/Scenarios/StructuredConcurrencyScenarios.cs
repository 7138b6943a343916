using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.StructuredConcurrency;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class StructuredConcurrencyScenarios
{
    private const string P = "structured-concurrency";

    [Item(P, "no-child-outlives")]
    public static async Task NoChildOutlives()
    {
        Clock clock = new();
        bool grandchildCleanedUp = false;
        bool cleanupStarted = false;
        Task run = Task.Run(async () =>
        {
            await using TaskScope scope = new();
            scope.Start(async token =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), clock, token);
                throw new InvalidOperationException("sibling failed");
            });
            scope.Start(token =>
            {
                // A grandchild whose cleanup takes 50 ms after the failure, and ignores the token meanwhile.
                scope.Start(async inner =>
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(10), clock, inner);
                    }
                    finally
                    {
                        Volatile.Write(ref cleanupStarted, true);
                        await Task.Delay(TimeSpan.FromMilliseconds(50), clock, CancellationToken.None);
                        grandchildCleanedUp = true;
                    }
                });
                return Task.CompletedTask;
            });
            await scope.JoinAsync();
        });
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(10), timers: 2);
        // The grandchild's cleanup is under way once its 50 ms timer exists (the other two are gone by then).
        await Until(() => Volatile.Read(ref cleanupStarted) && clock.LiveTimers >= 1, "the grandchild's cleanup timer is scheduled");
        clock.Advance(TimeSpan.FromMilliseconds(49));
        await Task.Delay(20);
        Expect(!run.IsCompleted, "the scope has not settled before the grandchild's cleanup ran");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is InvalidOperationException && grandchildCleanedUp, $"settled after the cleanup, with the failure, got {caught}");
    }

    [Item(P, "first-failure-cancels-siblings")]
    public static async Task FirstFailureCancelsSiblings()
    {
        Clock clock = new();
        bool longSawCancel = false;
        Task run = Task.Run(async () =>
        {
            await using TaskScope scope = new();
            scope.Start(async token =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), clock, token);
                throw new InvalidOperationException("failed at 10 ms");
            });
            _ = scope.Start(token => HangUntilCancelled<int>(token, () => longSawCancel = true));
            await scope.JoinAsync();
        });
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(10));
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is InvalidOperationException { Message: "failed at 10 ms" } && longSawCancel, $"the long one saw the cancellation, the failure raised, got {caught}");
        Expect(clock.GetUtcNow() - clock.Start < TimeSpan.FromSeconds(10), "without the clock reaching 10 s");
    }

    [Item(P, "all-failures-reported")]
    public static async Task AllFailuresReported()
    {
        using Barrier together = new(2);
        Task run = Task.Run(async () =>
        {
            await using TaskScope scope = new();
            for (int i = 0; i < 2; i++)
            {
                string name = $"child {i}";
                scope.Start(_ =>
                {
                    together.SignalAndWait(); // both fail at the same moment
                    throw new InvalidOperationException($"{name} failed");
                });
            }
            _ = scope.Start(token => HangUntilCancelled<int>(token)); // ends only because it was cancelled
            await scope.JoinAsync();
        });
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is AggregateException { InnerExceptions.Count: 2 } all && all.InnerExceptions[0] is InvalidOperationException && all.InnerExceptions[1] is InvalidOperationException, $"both failures and nothing for the cancelled third, got {caught}");
    }

    [Item(P, "caller-cancel-cancels-all")]
    public static async Task CallerCancelCancelsAll()
    {
        using CancellationTokenSource caller = new();
        int sawCancel = 0;
        int started = 0;
        Task run = Task.Run(async () =>
        {
            await using TaskScope scope = new(caller.Token);
            for (int i = 0; i < 2; i++)
            {
                _ = scope.Start(token =>
                {
                    Interlocked.Increment(ref started);
                    return HangUntilCancelled<int>(token, () => Interlocked.Increment(ref sawCancel));
                });
            }
            await scope.JoinAsync();
        });
        await Until(() => started == 2, "both children run");
        await caller.CancelAsync();
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is OperationCanceledException && sawCancel == 2, $"both saw it, then the caller's cancellation, got {caught}");
    }

    [Item(P, "nothing-left-attached")]
    public static async Task NothingLeftAttached()
    {
        using CancellationTokenSource parent = new(); // long-lived
        static async Task Scopes(CancellationToken parentToken, int count)
        {
            for (int i = 0; i < count; i++)
            {
                await using TaskScope scope = new(parentToken);
                scope.Start(_ => Task.CompletedTask);
                await scope.JoinAsync();
            }
        }
        await Scopes(parent.Token, 10_000); // warm-up: JIT, pools
        long before = Retained();
        await Scopes(parent.Token, 100_000);
        long after = Retained();
        // A registration left on the parent per scope (the linked source not disposed) retains well over 100 bytes
        // each, so 100 000 of them would add megabytes.
        Expect(after - before < 1_000_000, $"retained heap grew by {after - before} bytes over 100 000 scopes");
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
