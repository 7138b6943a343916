using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.RetryBackoff;
using Polly;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

/// <summary>The Polly variant (templates/csharp/library/retry-backoff.cs) against the retry-backoff contract.</summary>
internal static class RetryBackoffScenarios
{
    private const string P = "retry-backoff";

    [Item(P, "classifier-decides")]
    public static async Task ClassifierDecides()
    {
        Clock clock = new();
        ResiliencePipeline pipeline = RetryPipeline.Create(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), timeProvider: clock);
        ArgumentException bug = new("bad request");
        int attempts = 0;
        Exception? caught = await CatchAsync(() => pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw bug;
        }).AsTask());
        Expect(ReferenceEquals(caught, bug) && attempts == 1, $"the same error after one attempt, got {caught} after {attempts}");
        // The caller's cancellation inside an attempt is never retried.
        using CancellationTokenSource caller = new();
        attempts = 0;
        caught = await CatchAsync(() => pipeline.ExecuteAsync<int>(async token =>
        {
            attempts++;
            await caller.CancelAsync();
            token.ThrowIfCancellationRequested();
            return 0;
        }, caller.Token).AsTask());
        Expect(caught is OperationCanceledException && attempts == 1, $"cancellation is not retried, got {caught} after {attempts} attempts");
        // An HttpClient timeout (TaskCanceledException around a TimeoutException, the caller's token untouched) is.
        attempts = 0;
        ResiliencePipeline immediate = RetryPipeline.Create(4, TimeSpan.Zero, TimeSpan.Zero, timeProvider: clock);
        int value = await immediate.ExecuteAsync(_ => ++attempts < 2 ? throw new TaskCanceledException("HttpClient.Timeout", new TimeoutException()) : ValueTask.FromResult(attempts));
        Expect(value == 2, $"the HttpClient timeout was retried, attempts {attempts}");
    }

    [Item(P, "attempts-bounded")]
    public static async Task AttemptsBounded()
    {
        // Polly counts retries: 3 retries are 4 attempts.
        ResiliencePipeline pipeline = RetryPipeline.Create(3, TimeSpan.Zero, TimeSpan.Zero, timeProvider: new Clock());
        HttpRequestException? last = null;
        int attempts = 0;
        Exception? caught = await CatchAsync(() => pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            last = new HttpRequestException($"attempt {attempts}", null, System.Net.HttpStatusCode.ServiceUnavailable);
            throw last;
        }).AsTask());
        Expect(attempts == 4 && ReferenceEquals(caught, last), $"4 calls, then the 4th error object, got {attempts} and {caught}");
    }

    [Item(P, "late-attempts-stay-finite")]
    public static async Task LateAttemptsStayFinite()
    {
        // Polly computes its delays inside, so they are read from OnRetry and waited for on the clock. Past attempt
        // 1024 its exponential term is infinite (RetryHelper's overflow guard); 10 001 attempts take it well past that.
        Clock clock = new();
        TimeSpan max = TimeSpan.FromMilliseconds(50);
        List<(int Attempt, TimeSpan Delay)> delays = [];
        ResiliencePipeline pipeline = RetryPipeline.Create(10_000, TimeSpan.FromMilliseconds(1), max, timeProvider: clock, onRetry: (n, d) => delays.Add((n, d)));
        TimeoutException? last = null;
        Task<int> call = pipeline.ExecuteAsync<int>(_ => throw (last = new TimeoutException("its own"))).AsTask();
        await DriveAsync(clock, call, max);
        Exception? caught = await CatchAsync(() => call);
        Expect(ReferenceEquals(caught, last), $"ends with its own last error after 10 001 attempts, got {caught}");
        Expect(delays.Count == 10_000, $"10 000 waits, got {delays.Count}");
        foreach ((int attempt, TimeSpan delay) in delays)
        {
            Expect(delay >= TimeSpan.Zero && delay <= max, $"the wait after attempt {attempt + 1} is {delay}, outside [0, {max}]");
        }
    }

    [Item(P, "cancel-stops-at-once")]
    public static async Task CancelStopsAtOnce()
    {
        Clock clock = new();
        ResiliencePipeline pipeline = RetryPipeline.Create(5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), timeProvider: clock);
        using CancellationTokenSource caller = new();
        int attempts = 0;
        Task<int> run = pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException();
        }, caller.Token).AsTask();
        await Until(() => clock.LiveTimers == 1, "the first wait has started");
        DateTimeOffset before = clock.GetUtcNow();
        await caller.CancelAsync();
        Exception? caught = await CatchAsync(() => run);
        Expect(caught is OperationCanceledException oce && oce.CancellationToken == caller.Token, $"the caller's own cancellation, got {caught}");
        Expect(clock.GetUtcNow() == before && attempts == 1, $"without the clock advancing, after one attempt (attempts {attempts})");
        Expect(clock.LiveTimers == 0, $"no timer remains ({clock.LiveTimers})");
    }

    [Item(P, "any-accepted-delay-honoured")]
    public static async Task AnyAcceptedDelayHonoured()
    {
        // Polly accepts Delay and MaxDelay up to one day ([Range] on RetryStrategyOptions): the longest accepted
        // backoff is waited for in full. Task.Delay, which Polly waits with, counts whole milliseconds, so a jittered
        // wait of 42197864.7188 ms ends after 42197864 ms: the check is to the millisecond.
        Clock clock = new();
        TimeSpan day = TimeSpan.FromDays(1);
        TimeSpan first = TimeSpan.Zero;
        ResiliencePipeline pipeline = RetryPipeline.Create(3, day, day, timeProvider: clock, onRetry: (n, d) => first = n == 0 ? d : first);
        int attempts = 0;
        using CancellationTokenSource stop = new();
        Task<int> run = pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException();
        }, stop.Token).AsTask();
        await Until(() => clock.LiveTimers == 1, "the first wait has started");
        TimeSpan whole = TimeSpan.FromMilliseconds(Math.Floor(first.TotalMilliseconds));
        Expect(whole > TimeSpan.FromSeconds(1), $"a jittered wait of a day's backoff is longer than a second, got {first}");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(20);
        Expect(attempts == 1, "no second attempt after one second");
        clock.Advance(whole - TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);
        Expect(attempts == 1, $"no second attempt 1 ms before the {first} wait is over");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Until(() => attempts == 2, "the second attempt once the wait is over");
        await stop.CancelAsync();
        await CatchAsync(() => run);
        // A wait Polly cannot take is refused when the pipeline is built, naming the limit.
        foreach ((TimeSpan baseDelay, TimeSpan maxDelay) in new[] { (TimeSpan.Zero, TimeSpan.FromDays(30)), (TimeSpan.FromDays(30), TimeSpan.FromDays(30)), (TimeSpan.Zero, TimeSpan.FromDays(60)) })
        {
            Exception? refused = await CatchAsync(() => Task.FromResult(RetryPipeline.Create(3, baseDelay, maxDelay)));
            Expect(refused is not null && refused.Message.Contains("1.00:00:00", StringComparison.Ordinal), $"base {baseDelay}, max {maxDelay}: refused naming the one-day limit, got {refused}");
        }
    }

    /// <summary>Advances the clock by <paramref name="step"/> whenever Polly waits on it, until the call settles.</summary>
    private static async Task DriveAsync(Clock clock, Task call, TimeSpan step)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        int idle = 0;
        while (!call.IsCompleted)
        {
            if (clock.LiveTimers > 0)
            {
                clock.Advance(step);
                idle = 0;
                continue;
            }
            Expect(DateTime.UtcNow < giveUp, "the retries did not settle");
            // Yield first (the next wait is usually scheduled within microseconds), then back off to real sleeps.
            if (++idle < 1000)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }
}
