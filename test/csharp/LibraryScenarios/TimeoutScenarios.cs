using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.Timeout;
using Polly;
using Polly.Timeout;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

/// <summary>The Polly variant (templates/csharp/library/timeout.cs) against the timeout contract.</summary>
internal static class TimeoutScenarios
{
    private const string P = "timeout";
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    [Item(P, "early-finish-leaves-nothing")]
    public static async Task EarlyFinishLeavesNothing()
    {
        Clock clock = new();
        ResiliencePipeline pipeline = TimeoutPipeline.Create(TimeSpan.FromHours(1), clock);
        int value = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(42));
        Expect(value == 42 && clock.LiveTimers == 0, $"the value, and no timer left ({clock.LiveTimers})");
        FormatException own = new("boom");
        Exception? caught = await CatchAsync(() => pipeline.ExecuteAsync<int>(async _ =>
        {
            await Task.Yield();
            throw own;
        }).AsTask());
        Expect(ReferenceEquals(caught, own) && clock.LiveTimers == 0, $"the same error object, and no timer left ({clock.LiveTimers}), got {caught}");
    }

    [Item(P, "own-timeout-not-ours")]
    public static async Task OwnTimeoutNotOurs()
    {
        Clock clock = new();
        ResiliencePipeline pipeline = TimeoutPipeline.Create(Budget, clock);
        TimeoutException own = new("socket read timed out");
        Exception? caught = await CatchAsync(() => pipeline.ExecuteAsync<int>(_ => throw own).AsTask());
        Expect(ReferenceEquals(caught, own), $"that very error, got {caught}");
        TaskCanceledException httpTimeout = new("HttpClient.Timeout");
        caught = await CatchAsync(() => pipeline.ExecuteAsync<int>(_ => ValueTask.FromException<int>(httpTimeout)).AsTask());
        Expect(ReferenceEquals(caught, httpTimeout), $"an own TaskCanceledException is not our budget expiring, got {caught}");
    }

    [Item(P, "caller-cancel-wins")]
    public static async Task CallerCancelWins()
    {
        Clock clock = new();
        ResiliencePipeline pipeline = TimeoutPipeline.Create(Budget, clock);
        using CancellationTokenSource caller = new(TimeSpan.FromMilliseconds(10), clock);
        bool operationCancelled = false;
        Task<int> call = pipeline.ExecuteAsync(token => new ValueTask<int>(HangUntilCancelled<int>(token, () => operationCancelled = true)), caller.Token).AsTask();
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(10), timers: 2);
        Exception? caught = await CatchAsync(() => call);
        Expect(caught is OperationCanceledException && caught is not TimeoutRejectedException && caller.IsCancellationRequested, $"the caller's cancellation, got {caught}");
        await Until(() => operationCancelled, "the operation saw the cancellation");
    }

    [Item(P, "any-accepted-delay-honoured")]
    public static async Task AnyAcceptedDelayHonoured()
    {
        // Polly's largest accepted timeout, 24 h, around an operation that takes 50 ms: no early timeout.
        Clock clock = new();
        ResiliencePipeline pipeline = TimeoutPipeline.Create(TimeSpan.FromHours(24), clock);
        Task<string> call = pipeline.ExecuteAsync(async token =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, token);
            return "value";
        }).AsTask();
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(50), timers: 2);
        Expect(await call == "value", "the operation's value, no early timeout");
        foreach ((TimeSpan budget, string why) in new[]
        {
            (TimeSpan.FromDays(30), "30 days"),
            (TimeSpan.FromDays(60), "past the timer range"),
            (TimeSpan.FromMilliseconds(-1), "-1 (Timeout.InfiniteTimeSpan)"),
            (TimeSpan.Zero, "zero"),
            (TimeSpan.MaxValue, "TimeSpan.MaxValue"),
        })
        {
            Exception? refused = await CatchAsync(() => Task.FromResult(TimeoutPipeline.Create(budget, clock)));
            Expect(refused is ArgumentOutOfRangeException { ParamName: "timeout" } e && e.Message.Contains("10 ms to 24 h", StringComparison.Ordinal), $"{why} refused naming the parameter and the limit, got {refused}");
        }
        // TimeSpan cannot hold NaN: TimeSpan.FromMilliseconds(double.NaN) itself throws, before any call.
        Exception? nan = await CatchAsync(() => Task.FromResult(TimeSpan.FromMilliseconds(double.NaN)));
        Expect(nan is ArgumentException, "NaN cannot become a TimeSpan");
    }
}
