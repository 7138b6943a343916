using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.Timeout;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class TimeoutScenarios
{
    private const string P = "timeout";
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    [Item(P, "expiry-cancels-work")]
    public static async Task ExpiryCancelsWork()
    {
        Clock clock = new();
        CancellationToken seen = default;
        TaskCompletionSource<int> ignoresToken = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> call = Timeouts.WithTimeoutAsync(token =>
        {
            seen = token;
            return ignoresToken.Task; // never finishes, whatever the token says
        }, Budget, clock);
        await AdvanceWhenWaiting(clock, Budget - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);
        Expect(!call.IsCompleted, "not before the deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Exception? caught = await CatchAsync(() => call);
        Expect(caught is TimeoutException, $"a timeout error at the deadline, got {caught}");
        Expect(seen.IsCancellationRequested, "the operation was told to stop");
    }

    [Item(P, "early-finish-leaves-nothing")]
    public static async Task EarlyFinishLeavesNothing()
    {
        Clock clock = new();
        int value = await Timeouts.WithTimeoutAsync(_ => Task.FromResult(42), TimeSpan.FromHours(1), clock);
        Expect(value == 42 && clock.LiveTimers == 0, $"the value, and no timer left ({clock.LiveTimers})");
        FormatException own = new("boom");
        Exception? caught = await CatchAsync(() => Timeouts.WithTimeoutAsync<int>(async _ =>
        {
            await Task.Yield();
            throw own;
        }, TimeSpan.FromHours(1), clock));
        Expect(ReferenceEquals(caught, own) && clock.LiveTimers == 0, $"the same error object, and no timer left, got {caught}");
    }

    [Item(P, "own-timeout-not-ours")]
    public static async Task OwnTimeoutNotOurs()
    {
        Clock clock = new();
        TimeoutException own = new("socket read timed out");
        Exception? caught = await CatchAsync(() => Timeouts.WithTimeoutAsync<int>(_ => throw own, Budget, clock));
        Expect(ReferenceEquals(caught, own), $"that very error, got {caught}");
        TaskCanceledException httpTimeout = new("HttpClient.Timeout");
        caught = await CatchAsync(() => Timeouts.WithTimeoutAsync<int>(_ => Task.FromException<int>(httpTimeout), Budget, clock));
        Expect(ReferenceEquals(caught, httpTimeout), $"an own TaskCanceledException is not our budget expiring, got {caught}");
    }

    [Item(P, "caller-cancel-wins")]
    public static async Task CallerCancelWins()
    {
        Clock clock = new();
        using CancellationTokenSource caller = new(TimeSpan.FromMilliseconds(10), clock);
        bool operationCancelled = false;
        Task<int> call = Timeouts.WithTimeoutAsync(token => HangUntilCancelled<int>(token, () => operationCancelled = true), Budget, clock, caller.Token);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(10), timers: 2);
        Exception? caught = await CatchAsync(() => call);
        Expect(caught is OperationCanceledException && caller.IsCancellationRequested, $"the caller's cancellation, got {caught}");
        await Until(() => operationCancelled, "the operation saw the cancellation");
    }

    [Item(P, "deadline-shared")]
    public static async Task DeadlineShared()
    {
        Clock clock = new();
        int started = 0;
        Func<CancellationToken, Task> step = async token =>
        {
            Interlocked.Increment(ref started);
            await Task.Delay(TimeSpan.FromMilliseconds(40), clock, token);
        };
        Task run = Timeouts.RunWithDeadlineAsync([step, step, step], Budget, clock);
        for (int i = 1; i <= 2; i++)
        {
            await Until(() => started == i && clock.LiveTimers == 2, $"step {i} is waiting");
            clock.Advance(TimeSpan.FromMilliseconds(40));
        }
        await Until(() => started == 3 && clock.LiveTimers == 2, "step 3 is waiting");
        clock.Advance(TimeSpan.FromMilliseconds(20)); // 100 ms in total
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is TimeoutException t && t.Message.Contains("step 2", StringComparison.Ordinal), $"the third is cut off at 100 ms, got {caught}");
        // A step that uses the whole deadline: the next one is never started.
        started = 0;
        Func<CancellationToken, Task> long100 = async token =>
        {
            Interlocked.Increment(ref started);
            await Task.Delay(Budget, clock, CancellationToken.None); // ignores the deadline and finishes at it
        };
        Task second = Timeouts.RunWithDeadlineAsync([long100, step], Budget, clock);
        await Until(() => started == 1 && clock.LiveTimers == 2, "the first step is waiting");
        clock.Advance(Budget);
        caught = await CatchAsync(() => second);
        Expect(caught is TimeoutException && started == 1, $"the next step was not started, started {started}, got {caught}");
    }

    [Item(P, "any-accepted-delay-honoured")]
    public static async Task AnyAcceptedDelayHonoured()
    {
        Clock clock = new();
        Task<string> call = Timeouts.WithTimeoutAsync(async token =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, token);
            return "value";
        }, TimeSpan.FromDays(30), clock);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(50), timers: 2);
        Expect(await call == "value", "the operation's value, no early timeout");
        foreach ((TimeSpan budget, string why) in new[]
        {
            (TimeSpan.FromDays(60), "past the timer range"),
            (TimeSpan.FromMilliseconds(-1), "-1 (Timeout.InfiniteTimeSpan)"),
            (TimeSpan.Zero, "zero"),
            (TimeSpan.MaxValue, "TimeSpan.MaxValue"),
        })
        {
            Exception? refused = await CatchAsync(() => Timeouts.WithTimeoutAsync(_ => Task.FromResult(1), budget, clock));
            Expect(refused is ArgumentOutOfRangeException { ParamName: "timeout" } e && e.Message.Contains("uint.MaxValue - 1 ms", StringComparison.Ordinal), $"{why} refused naming the parameter and the limit, got {refused}");
        }
        // TimeSpan cannot hold NaN: TimeSpan.FromMilliseconds(double.NaN) itself throws, before any call.
        Exception? nan = await CatchAsync(() => Task.FromResult(TimeSpan.FromMilliseconds(double.NaN)));
        Expect(nan is ArgumentException, "NaN cannot become a TimeSpan");
    }
}
