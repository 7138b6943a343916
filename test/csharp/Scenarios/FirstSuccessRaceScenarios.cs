using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.FirstSuccessRace;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class FirstSuccessRaceScenarios
{
    private const string P = "first-success-race";

    /// <summary>A candidate that answers after `ms` on the clock (0: at once), recording its token.</summary>
    private static Func<CancellationToken, Task<string>> After(Clock clock, int ms, string? value, ConcurrentDictionary<string, CancellationToken> tokens, string name) =>
        async token =>
        {
            tokens[name] = token;
            if (ms > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(ms), clock, token);
            }
            return value ?? throw new InvalidOperationException($"{name} failed");
        };

    [Item(P, "first-success-wins")]
    public static async Task FirstSuccessWins()
    {
        Clock clock = new();
        ConcurrentDictionary<string, CancellationToken> tokens = new();
        Task<string> race = Race.FirstSuccessAsync([After(clock, 0, null, tokens, "a"), After(clock, 20, "b", tokens, "b"), After(clock, 10_000, "c", tokens, "c")]);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(20), timers: 2);
        Expect(await race == "b", "the 20 ms value wins; the early failure did not end the race");
    }

    [Item(P, "losers-cancelled")]
    public static async Task LosersCancelled()
    {
        Clock clock = new();
        ConcurrentDictionary<string, CancellationToken> tokens = new();
        Task<string> race = Race.FirstSuccessAsync([After(clock, 20, "fast", tokens, "fast"), After(clock, 10_000, "slow", tokens, "slow")]);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(20), timers: 2);
        Expect(await race == "fast", "fast wins");
        Expect(tokens["slow"].IsCancellationRequested, "the 10 s attempt sees the cancellation");
        Expect(!tokens["fast"].IsCancellationRequested, "the winner's token is left untouched");
    }

    [Item(P, "all-failures-reported")]
    public static async Task AllFailuresReported()
    {
        Clock clock = new();
        ConcurrentDictionary<string, CancellationToken> tokens = new();
        Task<string> race = Race.FirstSuccessAsync([After(clock, 0, null, tokens, "a"), After(clock, 10, null, tokens, "b")]);
        await Task.Delay(20);
        Expect(!race.IsCompleted, "not before the last attempt failed");
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(10));
        Exception? caught = await CatchAsync(() => race);
        Expect(caught is AggregateException { InnerExceptions.Count: 2 } all && all.InnerExceptions[0].Message == "a failed" && all.InnerExceptions[1].Message == "b failed", $"an aggregate of both, got {caught}");
    }

    [Item(P, "caller-cancel-cancels-all")]
    public static async Task CallerCancelCancelsAll()
    {
        Clock clock = new();
        ConcurrentDictionary<string, CancellationToken> tokens = new();
        using CancellationTokenSource caller = new();
        Task<string> race = Race.FirstSuccessAsync([After(clock, 10_000, "a", tokens, "a"), After(clock, 10_000, "b", tokens, "b")], caller.Token);
        await Until(() => tokens.Count == 2, "both attempts run");
        await caller.CancelAsync();
        Exception? caught = await CatchAsync(() => race);
        Expect(caught is OperationCanceledException && tokens["a"].IsCancellationRequested && tokens["b"].IsCancellationRequested, $"both see it and the race ends with the caller's cancellation, got {caught}");
    }

    [Item(P, "hedge-after-delay")]
    public static async Task HedgeAfterDelay()
    {
        // Primary hangs, delay 20 ms: the backup starts at 20 ms and wins.
        Clock clock = new();
        int calls = 0;
        Task<string> hedged = Race.HedgedAsync(token => Interlocked.Increment(ref calls) == 1 ? HangUntilCancelled<string>(token) : Task.FromResult("backup"), TimeSpan.FromMilliseconds(20), 2, clock);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(19));
        await Task.Delay(20);
        Expect(calls == 1, "no backup before 20 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Expect(await hedged == "backup" && calls == 2, "the backup started at 20 ms and won");
        // Primary succeeds at 5 ms: the backup never starts.
        calls = 0;
        Clock second = new();
        Task<string> quick = Race.HedgedAsync(async token =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(TimeSpan.FromMilliseconds(5), second, token);
            return "primary";
        }, TimeSpan.FromMilliseconds(20), 2, second);
        await AdvanceWhenWaiting(second, TimeSpan.FromMilliseconds(5), timers: 2);
        Expect(await quick == "primary" && calls == 1, "the backup never started");
        // Primary fails at 1 ms: the backup starts at 1 ms.
        calls = 0;
        Clock third = new();
        Task<string> failing = Race.HedgedAsync(async token =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), third, token);
                throw new InvalidOperationException("primary failed");
            }
            return "backup";
        }, TimeSpan.FromMilliseconds(20), 2, third);
        await AdvanceWhenWaiting(third, TimeSpan.FromMilliseconds(1), timers: 2);
        Expect(await failing == "backup" && calls == 2, "the backup started at 1 ms, right after the failure");
    }

    [Item(P, "nothing-left-pending")]
    public static async Task NothingLeftPending()
    {
        Clock clock = new();
        Task<string> hedged = Race.HedgedAsync(async token =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), clock, token);
            return "primary";
        }, TimeSpan.FromMilliseconds(20), 3, clock);
        await AdvanceWhenWaiting(clock, TimeSpan.FromMilliseconds(5), timers: 2);
        Expect(await hedged == "primary", "settled early");
        Expect(clock.LiveTimers == 0, $"no hedge timer stays scheduled, {clock.LiveTimers} left");
        // The caller's token has no registration of ours left: cancelling it afterwards runs nothing of the race.
    }

    [Item(P, "any-accepted-delay-honoured")]
    public static async Task AnyAcceptedDelayHonoured()
    {
        Clock clock = new();
        int calls = 0;
        using CancellationTokenSource stop = new();
        Task<string> hedged = Race.HedgedAsync(token =>
        {
            Interlocked.Increment(ref calls);
            return HangUntilCancelled<string>(token);
        }, TimeSpan.FromDays(30), 2, clock, stop.Token);
        await AdvanceWhenWaiting(clock, TimeSpan.FromSeconds(1));
        await Task.Delay(20);
        Expect(calls == 1, "no backup after one second of a 30-day hedge delay");
        await stop.CancelAsync();
        await CatchAsync(() => hedged);
        Exception? refused = await CatchAsync(() => Race.HedgedAsync(_ => Task.FromResult(1), TimeSpan.FromDays(60), 2));
        Expect(refused is ArgumentOutOfRangeException { ParamName: "hedgeDelay" } e && e.Message.Contains("uint.MaxValue - 1 ms", StringComparison.Ordinal), $"past the timer range: refused at the call, naming the limit, got {refused}");
    }
}
