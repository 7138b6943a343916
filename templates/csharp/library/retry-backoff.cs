// @pattern
// id: retry-backoff
// title: Retry with exponential backoff and jitter, with Polly v8
// summary: The retry-backoff pattern as a Polly v8 resilience pipeline: transient failures only (an HttpClient timeout included, the caller's cancellation never), exponential backoff with jitter under a cap, and a cancelled caller stops the wait at once.
// minimum: dotnet 8, csharp 12
// library: Polly.Core 8.9.1, Microsoft.Extensions.TimeProvider.Testing 8.10.0
// prefer-library: production .NET services: Polly v8 is the maintained standard, composes retry with timeout and circuit breaker in one pipeline, emits telemetry, and takes a TimeProvider for tests; for HttpClient in a DI app, Microsoft.Extensions.Http.Resilience's AddStandardResilienceHandler builds such a pipeline (retry, breaker, attempt and total timeouts) with vetted defaults
// prefer-handwritten: a library that must not pull a dependency into its consumers, or code that needs a delay formula Polly does not offer (full jitter with a fixed cap per attempt, Retry-After taken from the response); the hand-written template is twenty lines with no configuration surface
// newer: Polly.Core 8.9.1 is the newest 8.x here; Microsoft.Extensions.TimeProvider.Testing (FakeTimeProvider) is used by the self-check only
// apis: Polly.ResiliencePipelineBuilder, Polly.ResiliencePipelineBuilder.AddRetry, Polly.Retry.RetryStrategyOptions, Polly.DelayBackoffType, Polly.ResiliencePipeline.ExecuteAsync, Polly.Timeout.TimeoutRejectedException, System.Threading.CancellationToken, System.Net.Http.HttpRequestException, System.TimeoutException
// pitfalls: Polly's default ShouldHandle retries every exception except OperationCanceledException, bugs included, and also skips an HttpClient timeout, which arrives as a TaskCanceledException whose caller token never fired; without MaxDelay the exponential delay grows unbounded (Polly caps it only at TimeSpan.MaxValue); UseJitter defaults to false; a ResiliencePipeline is meant to be built once and shared, building one per call throws away breaker state and allocates; the callback must pass on the token Polly gives it, not the caller's, or a timeout strategy inside the pipeline cannot cancel it
// rules: swallowed-cancellation, blocking-call-in-async
// unmet: delay-capped-jittered: Polly.Core 8.9.1's UseJitter with DelayBackoffType.Exponential is decorrelated jitter V2 (RetryHelper.DecorrelatedJitterBackoffV2), not full jitter, and this variant exposes no random source: run with RetryStrategyOptions.Randomizer pinned, retries 1 to 6 waited 0, 1.377, 1.460, 2.866, 5.718, 11.430 x the base delay with every draw 0, and 1.377, 1.460, 2.866, 5.718, 11.430, 22.858 x with every draw near 1, so retry 1 waits up to 1.38 x the base, above the full-jitter cap of 1 x (1140 of 3000 unpinned first waits were), and the waits are not uniform under min(max, base x 2^(n-1)); MaxDelay does cap every wait (late-attempts-stay-finite passes); the hand-written template (variant "main") draws uniformly in [0, min(max, base x 2^(n-1))]
// tags: retry, backoff, jitter, resilience, cancellation, library, polly
// @end

using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AsyncExpert.Patterns.RetryBackoff;

public static class RetryPipeline
{
    /// <param name="maxRetries">Retries after the first attempt (Polly's MaxRetryAttempts), at least 1.</param>
    /// <param name="baseDelay">The median first delay; later ones grow exponentially, with jitter.</param>
    /// <param name="maxDelay">Cap on any single delay.</param>
    /// <param name="isTransient">Which failures are worth another attempt; defaults to <see cref="IsTransientByDefault"/>.</param>
    /// <param name="timeProvider">The clock for the delays; tests pass a FakeTimeProvider.</param>
    /// <param name="onRetry">Called before each wait with the zero-based attempt number and the delay.</param>
    public static ResiliencePipeline Create(
        int maxRetries,
        TimeSpan baseDelay,
        TimeSpan maxDelay,
        Func<Exception, bool>? isTransient = null,
        TimeProvider? timeProvider = null,
        Action<int, TimeSpan>? onRetry = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        Func<Exception, bool> transient = isTransient ?? IsTransientByDefault;
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true, // off by default: without it, clients that failed together retry together
                Delay = baseDelay,
                MaxDelay = maxDelay,
                // The retry strategy is the outermost one, so Context.CancellationToken is the caller's token: an
                // OperationCanceledException with that token fired is the caller giving up, never retried.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    null => false,
                    OperationCanceledException when args.Context.CancellationToken.IsCancellationRequested => false,
                    Exception error => transient(error),
                }),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Network failures, 408/429/5xx, timeouts (Polly's and HttpClient's); never bugs or 4xx answers.</summary>
    public static bool IsTransientByDefault(Exception error) => error switch
    {
        HttpRequestException { StatusCode: null } => true, // no response at all: connection refused, reset, DNS
        HttpRequestException { StatusCode: HttpStatusCode status } =>
            (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        TimeoutRejectedException => true,
        // HttpClient.Timeout elapsing: a TaskCanceledException wrapping a TimeoutException (.NET 5+), whose caller
        // token did not fire. The commonest transient failure, and Polly's default predicate does not retry it.
        TaskCanceledException { InnerException: TimeoutException } => true,
        TimeoutException => true,
        _ => false,
    };
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        FakeTimeProvider clock = new();
        List<TimeSpan> delays = [];
        ResiliencePipeline pipeline = RetryPipeline.Create(
            maxRetries: 3,
            baseDelay: TimeSpan.FromSeconds(1),
            maxDelay: TimeSpan.FromSeconds(4),
            timeProvider: clock,
            onRetry: (_, delay) => delays.Add(delay));

        // 1. Two transient failures (one an HttpClient-style timeout), then success: three attempts.
        int attempts = 0;
        Task<string> run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts switch
            {
                1 => throw new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable),
                2 => throw new TaskCanceledException("HttpClient.Timeout", new TimeoutException()),
                _ => ValueTask.FromResult("ok"),
            };
        }, CancellationToken.None).AsTask();
        string result = await DriveAsync(clock, run);
        Check(result == "ok" && attempts == 3, $"expected success on attempt 3, got {result} after {attempts}");
        Check(delays.Count == 2 && delays.TrueForAll(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(4)), $"delays out of range: {string.Join(", ", delays)}");

        // 2. A non-transient failure is not retried and arrives unchanged.
        attempts = 0;
        Exception? caught = await CatchAsync(pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new ArgumentException("bug, not an outage");
        }, CancellationToken.None).AsTask());
        Check(caught is ArgumentException && attempts == 1, $"non-transient error should fail after 1 attempt, got {attempts}");

        // 3. Still failing after the retries: the last error propagates, and no delay ever exceeds the cap.
        attempts = 0;
        delays.Clear();
        ResiliencePipeline many = RetryPipeline.Create(40, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), timeProvider: clock, onRetry: (_, d) => delays.Add(d));
        caught = await CatchAsync(DriveAsync(clock, many.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException($"attempt {attempts}");
        }, CancellationToken.None).AsTask()));
        Check(caught is TimeoutException { Message: "attempt 41" } && attempts == 41, $"expected the 41st error, got {caught?.Message} after {attempts}");
        Check(delays.TrueForAll(d => d <= TimeSpan.FromSeconds(4)), $"a delay exceeded the cap: {string.Join(", ", delays)}");

        // 4. The caller cancels during a backoff wait: OperationCanceledException at once, no further attempt.
        attempts = 0;
        using CancellationTokenSource caller = new();
        Task<int> waiting = pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException("slow");
        }, caller.Token).AsTask();
        await Task.Delay(20); // the first attempt failed; the retry strategy now waits on the fake clock
        await caller.CancelAsync();
        caught = await CatchAsync(waiting);
        Check(caught is OperationCanceledException && attempts == 1, $"cancelled wait: expected OCE after 1 attempt, got {caught?.GetType().Name} after {attempts}");

        // 5. The caller's own cancellation inside the operation is not retried.
        attempts = 0;
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();
        caught = await CatchAsync(pipeline.ExecuteAsync<int>(token =>
        {
            attempts++;
            token.ThrowIfCancellationRequested();
            return ValueTask.FromResult(0);
        }, cancelled.Token).AsTask());
        Check(caught is OperationCanceledException && attempts <= 1, $"caller cancellation was retried: {attempts} attempts");

        // 6. Arguments are checked up front.
        caught = await CatchAsync(Task.Run(() => RetryPipeline.Create(0, TimeSpan.Zero, TimeSpan.Zero)));
        Check(caught is ArgumentOutOfRangeException { ParamName: "maxRetries" }, $"maxRetries 0 accepted: {caught}");
    }

    /// <summary>Moves the fake clock in steps until the task completes (each retry delay waits on it).</summary>
    private static async Task<T> DriveAsync<T>(FakeTimeProvider clock, Task<T> task)
    {
        for (int i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }
        return await task;
    }

    private static async Task<Exception?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
