using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.CircuitBreaker;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class CircuitBreakerScenarios
{
    private const string P = "circuit-breaker";
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);

    private static Task<int> Fail(CircuitBreaker breaker) => breaker.ExecuteAsync<int>(_ => throw new TimeoutException("503"));

    private static Task<int> Succeed(CircuitBreaker breaker) => breaker.ExecuteAsync(_ => Task.FromResult(200));

    private static async Task HalfOpen(CircuitBreaker breaker, Clock clock)
    {
        await CatchAsync(() => Fail(breaker));
        Expect(breaker.State == CircuitState.Open, $"expected open, got {breaker.State}");
        clock.Advance(Break);
        Expect(breaker.State == CircuitState.HalfOpen, $"expected half-open, got {breaker.State}");
    }

    [Item(P, "opens-after-threshold")]
    public static async Task OpensAfterThreshold()
    {
        Clock clock = new();
        CircuitBreaker breaker = new(3, Break, timeProvider: clock);
        await CatchAsync(() => Fail(breaker));
        await CatchAsync(() => Fail(breaker));
        Expect(await Succeed(breaker) == 200, "a success while closed");
        await CatchAsync(() => Fail(breaker));
        await CatchAsync(() => Fail(breaker));
        Expect(breaker.State == CircuitState.Closed, "the success reset the count");
        await CatchAsync(() => Fail(breaker));
        Expect(breaker.State == CircuitState.Open, "a third consecutive failure opens it");
        int called = 0;
        Exception? rejected = await CatchAsync(() => breaker.ExecuteAsync(_ => Task.FromResult(++called)));
        Expect(rejected is CircuitOpenException { RetryAfter: { } after } && after == Break, $"rejected with the time left, got {rejected}");
        Expect(called == 0, "the operation did not run");
    }

    [Item(P, "classifier-decides")]
    public static async Task ClassifierDecides()
    {
        Clock clock = new();
        CircuitBreaker breaker = new(1, Break, isFailure: ex => ex is not ArgumentException, timeProvider: clock);
        Exception? passed = await CatchAsync(() => breaker.ExecuteAsync<int>(_ => throw new ArgumentException("bad request")));
        Expect(passed is ArgumentException, "the error reaches the caller");
        Expect(breaker.State == CircuitState.Closed, "not counted");
        await CatchAsync(() => Fail(breaker));
        Expect(breaker.State == CircuitState.Open, "a counted error opens it");
    }

    [Item(P, "timeouts-are-failures")]
    public static async Task TimeoutsAreFailures()
    {
        Clock clock = new();
        CircuitBreaker breaker = new(2, Break, timeProvider: clock);
        for (int i = 0; i < 5; i++)
        {
            using CancellationTokenSource caller = new();
            Task<int> call = breaker.ExecuteAsync(token => HangUntilCancelled<int>(token), caller.Token);
            await caller.CancelAsync();
            Expect(await CatchAsync(() => call) is OperationCanceledException, "the caller's cancellation passes through");
        }
        Expect(breaker.State == CircuitState.Closed, "caller cancellations are neutral");
        for (int i = 0; i < 2; i++)
        {
            // The operation's own timeout: a CancelAfter inside it (what HttpClient.Timeout does), the caller's token live.
            Task<int> call = breaker.ExecuteAsync(async token =>
            {
                using CancellationTokenSource own = new(TimeSpan.FromSeconds(100), clock);
                using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(token, own.Token);
                return await HangUntilCancelled<int>(linked.Token);
            });
            await AdvanceWhenWaiting(clock, TimeSpan.FromSeconds(100));
            Expect(await CatchAsync(() => call) is OperationCanceledException, "the own timeout reaches the caller");
        }
        Expect(breaker.State == CircuitState.Open, $"two own timeouts open it, got {breaker.State}");
    }

    [Item(P, "single-probe")]
    public static async Task SingleProbe()
    {
        Clock clock = new();
        CircuitBreaker breaker = new(1, Break, timeProvider: clock);
        await HalfOpen(breaker, clock);
        TaskCompletionSource<int> release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> probe = breaker.ExecuteAsync(_ => release.Task);
        int called = 0;
        Exception? second = await CatchAsync(() => breaker.ExecuteAsync(_ => Task.FromResult(++called)));
        Expect(second is CircuitOpenException && called == 0, "a second call is rejected without running");
        release.SetResult(1);
        Expect(await probe == 1 && breaker.State == CircuitState.Closed, "the probe closes it");
    }

    [Item(P, "only-probe-closes")]
    public static async Task OnlyProbeCloses()
    {
        Clock clock = new();
        CircuitBreaker breaker = new(1, Break, timeProvider: clock);
        await HalfOpen(breaker, clock);
        await CatchAsync(() => Fail(breaker));
        Expect(breaker.State == CircuitState.Open, "a failed probe re-opens it");
        clock.Advance(Break - TimeSpan.FromMilliseconds(1));
        Expect(breaker.State == CircuitState.Open, "still open just before a new break has passed");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Expect(await Succeed(breaker) == 200 && breaker.State == CircuitState.Closed, "a successful probe closes it");
    }

    [Item(P, "late-outcomes-ignored")]
    public static async Task LateOutcomesIgnored()
    {
        Clock clock = new();
        // A slow call admitted while closed succeeds after the circuit opened: it stays open.
        CircuitBreaker breaker = new(1, Break, timeProvider: clock);
        TaskCompletionSource<int> slow = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> slowCall = breaker.ExecuteAsync(_ => slow.Task);
        await CatchAsync(() => Fail(breaker));
        slow.SetResult(1);
        Expect(await slowCall == 1, "the caller still gets its value");
        Expect(breaker.State == CircuitState.Open, "a late success does not close an open circuit");

        // The same late success during a running probe: the probe still decides.
        CircuitBreaker probing = new(1, Break, timeProvider: clock);
        TaskCompletionSource<int> late = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> lateCall = probing.ExecuteAsync(_ => late.Task);
        await HalfOpen(probing, clock);
        TaskCompletionSource<int> probeResult = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> probe = probing.ExecuteAsync(_ => probeResult.Task);
        late.SetResult(1);
        await lateCall;
        Expect(probing.State == CircuitState.HalfOpen, "the late success did not decide the probe");
        probeResult.SetException(new TimeoutException("still down"));
        await CatchAsync(() => probe);
        Expect(probing.State == CircuitState.Open, "the probe decided");

        // A late failure after a successful probe: it stays closed.
        CircuitBreaker closing = new(1, Break, timeProvider: clock);
        TaskCompletionSource<int> lateFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> failing = closing.ExecuteAsync(_ => lateFailure.Task);
        await HalfOpen(closing, clock);
        await Succeed(closing);
        lateFailure.SetException(new TimeoutException("late 503"));
        await CatchAsync(() => failing);
        Expect(closing.State == CircuitState.Closed, "a late failure does not re-open it");
    }

    [Item(P, "hung-probe-time-boxed")]
    public static async Task HungProbeTimeBoxed()
    {
        Clock clock = new();
        TimeSpan timeBox = TimeSpan.FromSeconds(5);
        CircuitBreaker breaker = new(1, Break, timeProvider: clock, probeTimeBox: timeBox);
        await HalfOpen(breaker, clock);
        // The probe never settles, and ignores its token.
        TaskCompletionSource<int> never = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> probe = breaker.ExecuteAsync(_ => never.Task);
        Expect(await CatchAsync(() => Succeed(breaker)) is CircuitOpenException, "others are rejected while it runs");
        clock.Advance(timeBox);
        Expect(await CatchAsync(() => probe) is OperationCanceledException, "the probe's caller is released at the time box");
        Expect(breaker.State == CircuitState.Open, $"a timed-out probe counts as failed, got {breaker.State}");
        clock.Advance(Break);
        Expect(await Succeed(breaker) == 200 && breaker.State == CircuitState.Closed, "after one more break a new probe runs and closes it");
    }

    [Item(P, "cancelled-probe-frees-slot")]
    public static async Task CancelledProbeFreesSlot()
    {
        Clock clock = new();
        CircuitBreaker breaker = new(1, Break, timeProvider: clock);
        await HalfOpen(breaker, clock);
        using CancellationTokenSource caller = new();
        Task<int> probe = breaker.ExecuteAsync(token => HangUntilCancelled<int>(token), caller.Token);
        await caller.CancelAsync();
        Expect(await CatchAsync(() => probe) is OperationCanceledException, "the caller's cancellation");
        Expect(breaker.State == CircuitState.HalfOpen, "nothing counted, the slot is free");
        Expect(await Succeed(breaker) == 200 && breaker.State == CircuitState.Closed, "the next call is the probe");
    }
}
