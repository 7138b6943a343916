// @pattern
// id: retry-backoff
// title: Retry with exponential backoff and jitter
// summary: Retry only errors a predicate calls transient, wait a capped exponential delay with full jitter between attempts, and stop at once when the caller cancels, even in the middle of a wait.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.Tasks.Task.Delay, System.TimeProvider, System.Random.Shared, System.OperationCanceledException, System.TimeoutException, System.Net.Http.HttpRequestException
// pitfalls: retrying every exception retries bugs and the caller's own cancellation, while not retrying any OperationCanceledException misses HttpClient's timeout (a TaskCanceledException when the caller's token did not fire), the most common transient failure; a maximum delay above Task.Delay's limit (about 49.7 days) throws only at the first long wait, so check it up front; Thread.Sleep or a Task.Delay without the token keeps a cancelled caller waiting for the whole backoff; retrying with the same fixed delay from many clients synchronises them into waves, so add jitter; an uncapped exponent overflows into delays of hours; catch-and-rethrow with throw ex loses the stack trace, while an exception filter (when) never unwinds it; non-idempotent operations (payments, appends) must not be retried blindly
// rules: swallowed-cancellation, blocking-call-in-async
// tags: retry, backoff, jitter, resilience, cancellation
// fallback: dotnet 6: Random.Shared is there; replace the ArgumentOutOfRangeException.ThrowIf* helpers (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(x))
// @end

using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.RetryBackoff;

public sealed class RetryPolicy
{
    private readonly Func<Exception, bool> _isTransient;
    private readonly Func<double> _nextUnitRandom;
    private readonly TimeProvider _time;

    /// <param name="maxAttempts">Total attempts, the first one included (1 means no retry).</param>
    /// <param name="baseDelay">Upper bound of the first backoff; doubles for every further attempt.</param>
    /// <param name="maxDelay">Cap on any single backoff.</param>
    /// <param name="isTransient">Which failures are worth another attempt; defaults to <see cref="IsTransientByDefault"/>.</param>
    /// <param name="nextUnitRandom">Source of jitter in [0, 1); defaults to Random.Shared (thread-safe). Tests pin it.</param>
    /// <param name="timeProvider">Clock for the waits; TimeProvider.System unless a test supplies one.</param>
    public RetryPolicy(
        int maxAttempts,
        TimeSpan baseDelay,
        TimeSpan maxDelay,
        Func<Exception, bool>? isTransient = null,
        Func<double>? nextUnitRandom = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        // Task.Delay refuses anything longer, and would do so only at the first long wait, replacing the
        // operation's error with an ArgumentOutOfRangeException: refuse it here, naming the limit.
        if (maxDelay > MaxTimer)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, $"maxDelay must be at most {MaxTimer} (uint.MaxValue - 1 ms, the longest timer .NET supports).");
        }
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _isTransient = isTransient ?? IsTransientByDefault;
        _nextUnitRandom = nextUnitRandom ?? Random.Shared.NextDouble;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The longest wait Task.Delay accepts: uint.MaxValue - 1 milliseconds, about 49.7 days.</summary>
    public static TimeSpan MaxTimer { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    public int MaxAttempts { get; }
    public TimeSpan BaseDelay { get; }
    public TimeSpan MaxDelay { get; }

    /// <summary>
    /// Timeouts and HTTP failures without a status or with 408, 429 or 5xx; nothing else. ExecuteAsync never asks
    /// about a cancellation of the caller's token, so an OperationCanceledException seen here is the operation's
    /// own timeout: HttpClient.Timeout throws TaskCanceledException (with a TimeoutException inside on .NET 5+),
    /// and so does a CancelAfter inside the operation. That is the most common transient failure of all.
    /// </summary>
    public static bool IsTransientByDefault(Exception error) => error switch
    {
        TimeoutException => true,
        OperationCanceledException => true,
        HttpRequestException { StatusCode: null } => true, // connection-level failure
        HttpRequestException { StatusCode: { } status } => (int)status is 408 or 429 or >= 500,
        _ => false,
    };

    /// <summary>
    /// "Full jitter": a uniformly random delay between zero and min(maxDelay, baseDelay * 2^(retry-1)), so that
    /// clients that failed together do not retry together.
    /// </summary>
    public TimeSpan BackoffFor(int retry, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retry);
        ArgumentOutOfRangeException.ThrowIfLessThan(unitRandom, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unitRandom, 1.0);
        // Compare in doubles: 2^retry overflows TimeSpan long before it overflows a double. Past 2^1023 the double
        // is infinite, and 0 x infinity is NaN (which TimeSpan refuses): cap the exponent, and a zero base stays zero.
        double factor = Math.Pow(2, Math.Min(retry - 1, 1023));
        double ceilingMs = BaseDelay == TimeSpan.Zero ? 0 : Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * factor);
        return TimeSpan.FromMilliseconds(ceilingMs * unitRandom);
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await operation(cancellationToken);
            }
            // The filter decides before the stack unwinds: a failure we do not retry propagates untouched. The
            // caller's own cancellation is never retried, whatever the predicate says.
            catch (Exception ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested && _isTransient(ex))
            {
                // Fall through to the backoff below.
            }
            // The token ends the wait at once, and a token cancelled during the attempt makes Delay throw
            // immediately: a cancelled caller never sits out a backoff and never gets another attempt.
            await Task.Delay(BackoffFor(attempt, _nextUnitRandom()), _time, cancellationToken);
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        RetryPolicy fast = new(maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(2), maxDelay: TimeSpan.FromMilliseconds(10));

        // 1. Two transient failures, then success: three attempts.
        int attempts = 0;
        string result = await fast.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts < 3 ? throw new TimeoutException("slow") : Task.FromResult("ok");
        });
        Check(result == "ok" && attempts == 3, $"expected success on attempt 3, got {result} after {attempts}");

        // 2. A non-transient failure is not retried and arrives unchanged.
        attempts = 0;
        Exception? caught = await CatchAsync(() => fast.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new ArgumentException("bug, not an outage");
        }));
        Check(caught is ArgumentException && attempts == 1, $"non-transient error should fail after 1 attempt, got {attempts}");

        // 3. Still failing after MaxAttempts: the last error propagates.
        attempts = 0;
        caught = await CatchAsync(() => fast.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new HttpRequestException("unavailable", null, System.Net.HttpStatusCode.ServiceUnavailable);
        }));
        Check(caught is HttpRequestException && attempts == 4, $"expected 4 attempts then the error, got {attempts}");

        // 4. Cancellation during a 5-minute backoff: the wait ends at once, no further attempt.
        RetryPolicy slow = new(5, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), nextUnitRandom: () => 0.5);
        using CancellationTokenSource cancel = new();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
        attempts = 0;
        Task<int> waiting = slow.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException("transient");
        }, cancel.Token);
        // The 30 s guard turns "waited out the backoff" into a failure instead of a 5-minute hang.
        caught = await CatchAsync(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Check(caught is OperationCanceledException, $"cancellation during backoff should throw OperationCanceledException, got {caught?.GetType().Name ?? "none"}");
        Check(attempts == 1, $"no attempt after cancellation, got {attempts}");

        // 5. The caller's cancellation raised by the operation itself is never retried.
        using CancellationTokenSource cancelInside = new();
        attempts = 0;
        caught = await CatchAsync(() => fast.ExecuteAsync<int>(async token =>
        {
            attempts++;
            await cancelInside.CancelAsync();
            token.ThrowIfCancellationRequested();
            return 0;
        }, cancelInside.Token));
        Check(caught is OperationCanceledException && attempts == 1, $"cancellation must not be retried, attempts {attempts}");

        // 6. Backoff stays within [0, min(cap, base * 2^(n-1))] for every retry number, including huge ones.
        RetryPolicy shape = new(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Check(shape.BackoffFor(1, 0.999) < TimeSpan.FromMilliseconds(100), "first backoff is below the base delay");
        Check(shape.BackoffFor(3, 0.999) < TimeSpan.FromMilliseconds(400) && shape.BackoffFor(3, 0.999) > TimeSpan.FromMilliseconds(300), "third backoff ceiling is 4x base");
        Check(shape.BackoffFor(5000, 0.999) <= TimeSpan.FromSeconds(5), "a huge retry number is capped, not overflowed");
        Check(shape.BackoffFor(2, 0.0) == TimeSpan.Zero, "full jitter reaches zero");

        // 7. Arguments are checked, the delay cap against Task.Delay's limit too.
        caught = await CatchAsync(() => Task.FromResult(new RetryPolicy(0, TimeSpan.Zero, TimeSpan.Zero)));
        Check(caught is ArgumentOutOfRangeException, "maxAttempts 0 should be rejected");
        caught = await CatchAsync(() => Task.FromResult(new RetryPolicy(3, TimeSpan.Zero, TimeSpan.FromDays(60))));
        Check(caught is ArgumentOutOfRangeException { ParamName: "maxDelay" }, "a 60-day cap should be rejected, naming maxDelay");

        // 8. An HttpClient timeout (TaskCanceledException, the caller's token untouched) is retried.
        attempts = 0;
        result = await fast.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts < 2 ? throw new TaskCanceledException("HttpClient.Timeout elapsed", new TimeoutException()) : Task.FromResult("ok");
        });
        Check(result == "ok" && attempts == 2, $"an HttpClient timeout should be retried, attempts {attempts}");
    }

    private static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex) // the self-check inspects the exception type
        {
            return ex;
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("retry-backoff self-check failed: " + message);
        }
    }
}
