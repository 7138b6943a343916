// @pattern
// id: timeout
// title: Timeout around an operation, with Polly v8
// summary: The timeout pattern as a Polly v8 timeout strategy: the operation gets a token that fires at the deadline, the caller sees TimeoutRejectedException for a timeout and OperationCanceledException for its own cancellation, and out-of-range timeouts are refused when the pipeline is built.
// minimum: dotnet 8, csharp 12
// library: Polly.Core 8.9.1, Microsoft.Extensions.TimeProvider.Testing 8.10.0
// prefer-library: the timeout is one step of a resilience pipeline (an attempt timeout inside a retry, a total timeout around it, a breaker that counts timeouts), or you want its telemetry and a per-call TimeoutGenerator; with HttpClient in a DI app, Microsoft.Extensions.Http.Resilience sets attempt and total timeouts for you
// prefer-handwritten: a single deadline around one call: a linked CancellationTokenSource with CancelAfter (or new CancellationTokenSource(delay, timeProvider)) is three lines with no dependency and no ValueTask plumbing
// newer: Polly.Core 8.9.1 is the newest 8.x here; Microsoft.Extensions.TimeProvider.Testing (FakeTimeProvider) is used by the self-check only
// apis: Polly.ResiliencePipelineBuilder, Polly.ResiliencePipelineBuilder.AddTimeout, Polly.Timeout.TimeoutStrategyOptions, Polly.Timeout.TimeoutRejectedException, Polly.ResiliencePipeline.ExecuteAsync, System.Threading.CancellationToken
// pitfalls: Polly v8's timeout is cooperative only: it cancels the token it passes to the callback, and a callback that ignores that token (or uses the caller's token instead) runs to the end while the caller waits; Polly accepts timeouts from 10 ms to 24 hours inclusive (a [Range] attribute; its XML doc says "greater than" and "less than") and throws a ValidationException from Build() for anything else, so a configured value is checked at start-up, not at the first call; a TimeoutRejectedException is not an OperationCanceledException, so code that catches only the latter misses timeouts; an attempt timeout placed outside the retry times the whole retry sequence instead of each attempt
// rules: missing-timeout, swallowed-cancellation
// unmet: expiry-cancels-work: Polly.Core 8.9.1's timeout is cooperative: at the deadline it cancels the callback's token and then awaits the callback (TimeoutResilienceStrategy.ExecuteCore), so an operation that ignores its token kept the caller waiting (not released 10 s of real time after its 100 ms budget had passed on the clock); an operation that observes the token ends at the deadline with TimeoutRejectedException (the self-check, step 2). The hand-written template (variant "main") returns the timeout at the deadline whatever the operation does
// unmet: deadline-shared: no multi-step runner here: one ExecuteAsync around the dependent steps gives them one token and one deadline (run: of three 40 ms steps under 100 ms, the third was cut off at 100 ms with TimeoutRejectedException), but Polly starts nothing itself, so after a step that ignores the token and returns at the deadline the next step started (run: 2 steps started, then TimeoutRejectedException) unless the callback checks the token between steps; the hand-written template's Timeouts.RunWithDeadlineAsync starts no step once the deadline has passed
// tags: timeout, deadline, cancellation, library, polly
// @end

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;

namespace AsyncExpert.Patterns.Timeout;

public static class TimeoutPipeline
{
    /// <summary>A pipeline that cancels the callback's token after <paramref name="timeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is outside what Polly accepts.</exception>
    public static ResiliencePipeline Create(TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        // Polly's own validation would throw a ValidationException from Build(); saying the range here is clearer.
        if (timeout < TimeSpan.FromMilliseconds(10) || timeout > TimeSpan.FromHours(24))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Polly accepts a timeout from 10 ms to 24 h");
        }
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = timeout })
            .Build();
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        FakeTimeProvider clock = new();
        ResiliencePipeline pipeline = TimeoutPipeline.Create(TimeSpan.FromSeconds(5), clock);

        // 1. Fast enough: the result comes through.
        int value = await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(42), CancellationToken.None);
        Check(value == 42, $"expected 42, got {value}");

        // 2. Too slow: at the deadline the callback's token fires and the caller gets TimeoutRejectedException.
        bool callbackSawCancellation = false;
        Task<int> slow = pipeline.ExecuteAsync(async token =>
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                return 0;
            }
            catch (OperationCanceledException)
            {
                callbackSawCancellation = true;
                throw;
            }
        }, CancellationToken.None).AsTask();
        await Task.Delay(20);
        Check(!slow.IsCompleted, "timed out before the deadline");
        clock.Advance(TimeSpan.FromSeconds(5));
        Exception? caught = await CatchAsync(slow);
        Check(caught is TimeoutRejectedException && callbackSawCancellation, $"expected TimeoutRejectedException, got {caught}");

        // 3. The caller's own cancellation is not a timeout.
        using CancellationTokenSource caller = new();
        Task<int> cancelled = pipeline.ExecuteAsync(async token =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return 0;
        }, caller.Token).AsTask();
        await caller.CancelAsync();
        caught = await CatchAsync(cancelled);
        Check(caught is OperationCanceledException, $"expected OperationCanceledException, got {caught}");

        // 4. A callback that ignores its token is not abandoned: the timeout is cooperative, the caller waits.
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> stubborn = pipeline.ExecuteAsync(async _ =>
        {
            await release.Task; // ignores the token on purpose
            return 7;
        }, CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(20);
        Check(!stubborn.IsCompleted, "Polly abandoned a callback that ignores its token");
        release.SetResult();
        Check(await stubborn == 7, "the stubborn callback's result was lost");

        // 5. The bounds are Polly's own (Build() validates them), and anything outside is refused up front.
        TimeoutPipeline.Create(TimeSpan.FromMilliseconds(10));
        TimeoutPipeline.Create(TimeSpan.FromHours(24));
        foreach (TimeSpan bad in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(9), TimeSpan.FromHours(25), System.Threading.Timeout.InfiniteTimeSpan })
        {
            caught = await CatchAsync(Task.Run(() => TimeoutPipeline.Create(bad)));
            Check(caught is ArgumentOutOfRangeException { ParamName: "timeout" }, $"timeout {bad} accepted: {caught}");
        }
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
