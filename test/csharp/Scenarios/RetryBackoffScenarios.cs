using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.RetryBackoff;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class RetryBackoffScenarios
{
    private const string P = "retry-backoff";

    [Item(P, "classifier-decides")]
    public static async Task ClassifierDecides()
    {
        Clock clock = new();
        RetryPolicy policy = new(5, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), timeProvider: clock);
        ArgumentException bug = new("bad request");
        int attempts = 0;
        Exception? caught = await CatchAsync(() => policy.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw bug;
        }));
        Expect(ReferenceEquals(caught, bug) && attempts == 1, $"the same error after one attempt, got {caught} after {attempts}");
        // The caller's cancellation is never retried, even though OperationCanceledException is transient by default.
        using CancellationTokenSource caller = new();
        attempts = 0;
        caught = await CatchAsync(() => policy.ExecuteAsync<int>(async token =>
        {
            attempts++;
            await caller.CancelAsync();
            token.ThrowIfCancellationRequested();
            return 0;
        }, caller.Token));
        Expect(caught is OperationCanceledException && attempts == 1, $"cancellation is not retried, attempts {attempts}");
        // An HttpClient timeout (TaskCanceledException, the caller's token untouched) is transient.
        attempts = 0;
        RetryPolicy immediate = new(5, TimeSpan.Zero, TimeSpan.Zero, timeProvider: clock);
        int value = await immediate.ExecuteAsync(_ => ++attempts < 2 ? throw new TaskCanceledException("HttpClient.Timeout", new TimeoutException()) : Task.FromResult(attempts));
        Expect(value == 2, $"the HttpClient timeout was retried, attempts {attempts}");
    }

    [Item(P, "attempts-bounded")]
    public static async Task AttemptsBounded()
    {
        Clock clock = new();
        RetryPolicy policy = new(4, TimeSpan.Zero, TimeSpan.Zero, timeProvider: clock);
        HttpRequestException? last = null;
        int attempts = 0;
        Exception? caught = await CatchAsync(() => policy.ExecuteAsync<int>(_ =>
        {
            attempts++;
            last = new HttpRequestException($"attempt {attempts}", null, System.Net.HttpStatusCode.ServiceUnavailable);
            throw last;
        }));
        Expect(attempts == 4 && ReferenceEquals(caught, last), $"4 calls, then the 4th error object, got {attempts} and {caught}");
    }

    [Item(P, "delay-capped-jittered")]
    public static async Task DelayCappedJittered()
    {
        RetryPolicy policy = new(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        double[] caps = [100, 200, 400, 800, 1000, 1000];
        for (int n = 1; n <= caps.Length; n++)
        {
            Expect(policy.BackoffFor(n, 0.0) == TimeSpan.Zero, $"a draw of 0 waits 0 at retry {n}");
            double top = policy.BackoffFor(n, Math.BitDecrement(1.0)).TotalMilliseconds;
            Expect(Math.Abs(top - caps[n - 1]) < 0.01, $"a draw near 1 waits the cap {caps[n - 1]} at retry {n}, got {top}");
        }
        // The loop really waits those delays on the clock: with the draw pinned at 0.5, 50 ms then 100 ms.
        Clock clock = new();
        RetryPolicy pinned = new(3, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), nextUnitRandom: () => 0.5, timeProvider: clock);
        int attempts = 0;
        Task<int> run = pinned.ExecuteAsync(_ => ++attempts < 3 ? throw new TimeoutException() : Task.FromResult(attempts));
        await Until(() => attempts == 1 && clock.LiveTimers == 1, "the first wait");
        clock.Advance(TimeSpan.FromMilliseconds(49));
        await Task.Delay(20);
        Expect(attempts == 1, "not retried before 50 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Until(() => attempts == 2 && clock.LiveTimers == 1, "the second wait");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Expect(await run == 3, "succeeded on the third attempt");
    }

    [Item(P, "late-attempts-stay-finite")]
    public static async Task LateAttemptsStayFinite()
    {
        foreach (TimeSpan baseDelay in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(1) })
        {
            RetryPolicy policy = new(1100, baseDelay, TimeSpan.FromMilliseconds(50), timeProvider: new Clock());
            foreach (int n in new[] { 1025, 10_000, int.MaxValue })
            {
                TimeSpan delay = policy.BackoffFor(n, 0.999);
                Expect(delay <= TimeSpan.FromMilliseconds(50), $"retry {n} with base {baseDelay}: {delay}");
            }
        }
        RetryPolicy zero = new(1100, TimeSpan.Zero, TimeSpan.Zero);
        TimeoutException? last = null;
        Exception? caught = await CatchAsync(() => zero.ExecuteAsync<int>(_ => throw (last = new TimeoutException("its own"))));
        Expect(ReferenceEquals(caught, last), $"ends with its own last error after 1100 attempts, got {caught}");
    }

    [Item(P, "cancel-stops-at-once")]
    public static async Task CancelStopsAtOnce()
    {
        Clock clock = new();
        RetryPolicy policy = new(5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), nextUnitRandom: () => 0.5, timeProvider: clock);
        using CancellationTokenSource caller = new();
        int attempts = 0;
        Task<int> run = policy.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException();
        }, caller.Token);
        await Until(() => clock.LiveTimers == 1, "the first wait has started");
        DateTimeOffset before = clock.GetUtcNow();
        await caller.CancelAsync();
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is OperationCanceledException oce && oce.CancellationToken == caller.Token, $"the caller's own cancellation, got {caught}");
        Expect(clock.GetUtcNow() == before && attempts == 1, "without the clock advancing, after one attempt");
        Expect(clock.LiveTimers == 0, "no timer remains");
    }

    [Item(P, "any-accepted-delay-honoured")]
    public static async Task AnyAcceptedDelayHonoured()
    {
        Clock clock = new();
        TimeSpan thirtyDays = TimeSpan.FromDays(30);
        RetryPolicy policy = new(3, thirtyDays, thirtyDays, nextUnitRandom: () => Math.BitDecrement(1.0), timeProvider: clock);
        int attempts = 0;
        using CancellationTokenSource stop = new();
        Task<int> run = policy.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException();
        }, stop.Token);
        await Until(() => clock.LiveTimers == 1, "the first wait has started");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(20);
        Expect(attempts == 1, "no second attempt after one second of a 30-day backoff");
        await stop.CancelAsync();
        await CatchAsync(() => run);
        // Past the platform's timer range: refused at construction, naming the parameter and the limit.
        Exception? refused = await CatchAsync(() => Task.FromResult(new RetryPolicy(3, TimeSpan.Zero, TimeSpan.FromDays(60))));
        Expect(refused is ArgumentOutOfRangeException { ParamName: "maxDelay" } e && e.Message.Contains("uint.MaxValue - 1 ms", StringComparison.Ordinal), $"refused naming the limit, got {refused}");
    }
}
