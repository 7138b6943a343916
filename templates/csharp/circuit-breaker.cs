// @pattern
// id: circuit-breaker
// title: Circuit breaker
// summary: After N consecutive failures stop calling a failing dependency for a cool-down, then let exactly one trial call through (half-open): success closes the circuit, failure opens it again. Time comes from TimeProvider so the behaviour is testable.
// minimum: dotnet 8, csharp 12
// apis: System.TimeProvider, System.TimeProvider.System, System.TimeProvider.GetTimestamp, System.TimeProvider.GetElapsedTime, System.OperationCanceledException
// pitfalls: counting the caller's cancellation (or a 404-style answer) as a failure opens the circuit on a healthy dependency; letting every waiting caller through when the cool-down ends stampedes a recovering service, so allow one trial at a time; holding a lock across the awaited call serialises all traffic, so lock only the state transitions; DateTime.UtcNow jumps with clock changes, use a monotonic timestamp; a breaker per call site instead of per dependency never sees enough failures to open
// rules: swallowed-error, race-condition
// tags: circuit breaker, resilience, TimeProvider, half-open
// fallback: dotnet 6: TimeProvider is .NET 8: reference the Microsoft.Bcl.TimeProvider package, or use Stopwatch.GetTimestamp() with Stopwatch.Frequency behind an injected Func<long> clock; replace the ArgumentOutOfRangeException.ThrowIf* helpers (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(x))
// @end

using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.CircuitBreaker;

public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>Thrown instead of calling the dependency while the circuit is open.</summary>
public sealed class CircuitOpenException : Exception
{
    public CircuitOpenException()
    {
    }

    public CircuitOpenException(string message)
        : base(message)
    {
    }

    public CircuitOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CircuitOpenException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long until the next trial call may go through (zero while a trial is in flight).</summary>
    public TimeSpan RetryAfter { get; }
}

public sealed class CircuitBreaker
{
    private readonly int _failureThreshold;
    private readonly TimeSpan _breakDuration;
    private readonly TimeProvider _time;
    private readonly Func<Exception, bool> _isFailure;
    private readonly object _gate = new(); // System.Threading.Lock on .NET 9+
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _openedAt;
    private bool _trialInFlight;

    /// <param name="failureThreshold">Consecutive failures that open the circuit.</param>
    /// <param name="breakDuration">How long the circuit stays open before a trial call.</param>
    /// <param name="isFailure">Which exceptions count against the dependency; by default all but cancellation.</param>
    /// <param name="timeProvider">Clock; TimeProvider.System unless a test supplies one.</param>
    public CircuitBreaker(int failureThreshold, TimeSpan breakDuration, Func<Exception, bool>? isFailure = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failureThreshold);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(breakDuration, TimeSpan.Zero);
        _failureThreshold = failureThreshold;
        _breakDuration = breakDuration;
        _isFailure = isFailure ?? (static ex => ex is not OperationCanceledException);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The state as a caller would see it now (an expired Open reads as HalfOpen).</summary>
    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state == CircuitState.Open && CoolDownRemaining() <= TimeSpan.Zero ? CircuitState.HalfOpen : _state;
            }
        }
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        cancellationToken.ThrowIfCancellationRequested();
        bool isTrial = AcquirePermission();
        try
        {
            // The lock is not held here: calls in the closed state run concurrently.
            T result = await operation(cancellationToken);
            RecordSuccess();
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: that says nothing about the dependency. Free the trial slot for someone else.
            RecordAbandoned(isTrial);
            throw;
        }
        catch (Exception ex) // classified, then rethrown unchanged
        {
            if (_isFailure(ex))
            {
                RecordFailure();
            }
            else
            {
                RecordSuccess(); // an answer such as "not found" shows the dependency is up
            }
            throw;
        }
    }

    private bool AcquirePermission()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case CircuitState.Closed:
                    return false;
                case CircuitState.Open:
                    TimeSpan remaining = CoolDownRemaining();
                    if (remaining > TimeSpan.Zero)
                    {
                        throw new CircuitOpenException($"Circuit open; next trial in {remaining.TotalMilliseconds:F0} ms.", remaining);
                    }
                    _state = CircuitState.HalfOpen;
                    _trialInFlight = true;
                    return true;
                default: // HalfOpen
                    if (_trialInFlight)
                    {
                        throw new CircuitOpenException("Circuit half-open; a trial call is in flight.", TimeSpan.Zero);
                    }
                    _trialInFlight = true;
                    return true;
            }
        }
    }

    private void RecordSuccess()
    {
        lock (_gate)
        {
            _state = CircuitState.Closed;
            _consecutiveFailures = 0;
            _trialInFlight = false;
        }
    }

    private void RecordFailure()
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_state == CircuitState.HalfOpen || _consecutiveFailures >= _failureThreshold)
            {
                _state = CircuitState.Open;
                _openedAt = _time.GetTimestamp();
                _trialInFlight = false;
            }
        }
    }

    private void RecordAbandoned(bool isTrial)
    {
        if (!isTrial)
        {
            return;
        }
        lock (_gate)
        {
            _trialInFlight = false; // stays HalfOpen: the next caller makes the trial
        }
    }

    // Monotonic: GetTimestamp does not move when the wall clock is adjusted.
    private TimeSpan CoolDownRemaining() => _breakDuration - _time.GetElapsedTime(_openedAt);
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        ManualClock clock = new();
        CircuitBreaker breaker = new(failureThreshold: 3, breakDuration: TimeSpan.FromSeconds(30), timeProvider: clock);
        int calls = 0;
        Func<CancellationToken, Task<int>> failing = _ =>
        {
            calls++;
            throw new TimeoutException("dependency down");
        };
        Func<CancellationToken, Task<int>> healthy = _ =>
        {
            calls++;
            return Task.FromResult(200);
        };

        // 1. Closed -> Open after three consecutive failures; the fourth call does not reach the dependency.
        for (int i = 0; i < 3; i++)
        {
            Check(await CatchAsync(() => breaker.ExecuteAsync(failing)) is TimeoutException, "failures pass through while closed");
        }
        Check(breaker.State == CircuitState.Open, $"three failures should open the circuit, state {breaker.State}");
        Exception? rejected = await CatchAsync(() => breaker.ExecuteAsync(healthy));
        Check(rejected is CircuitOpenException { RetryAfter.TotalSeconds: > 29 }, "an open circuit rejects with RetryAfter");
        Check(calls == 3, $"the open circuit must not call the dependency, calls {calls}");

        // 2. After the cool-down: half-open, exactly one trial at a time.
        clock.Advance(TimeSpan.FromSeconds(31));
        Check(breaker.State == CircuitState.HalfOpen, $"expired cool-down reads as half-open, state {breaker.State}");
        TaskCompletionSource<int> trialResult = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> trial = breaker.ExecuteAsync(_ =>
        {
            calls++;
            return trialResult.Task;
        });
        Check(await CatchAsync(() => breaker.ExecuteAsync(healthy)) is CircuitOpenException, "a second caller is rejected while the trial is in flight");

        // 3. The trial fails: open again for a full cool-down.
        trialResult.SetException(new TimeoutException("still down"));
        Check(await CatchAsync(() => trial) is TimeoutException, "the trial's failure reaches its caller");
        Check(breaker.State == CircuitState.Open, $"a failed trial reopens the circuit, state {breaker.State}");

        // 4. Next cool-down, the trial succeeds: closed, and calls flow again.
        clock.Advance(TimeSpan.FromSeconds(31));
        Check(await breaker.ExecuteAsync(healthy) == 200, "a successful trial returns its value");
        Check(breaker.State == CircuitState.Closed, $"a successful trial closes the circuit, state {breaker.State}");
        Check(await breaker.ExecuteAsync(healthy) == 200, "calls flow when closed");

        // 5. The caller's cancellation is not a failure, and an abandoned trial frees the slot.
        using CancellationTokenSource cancel = new();
        await cancel.CancelAsync();
        for (int i = 0; i < 5; i++)
        {
            Check(await CatchAsync(() => breaker.ExecuteAsync(token => Task.FromCanceled<int>(token), cancel.Token)) is OperationCanceledException, "cancellation passes through");
        }
        Check(breaker.State == CircuitState.Closed, "cancellations must not open the circuit");

        for (int i = 0; i < 3; i++)
        {
            await CatchAsync(() => breaker.ExecuteAsync(failing));
        }
        clock.Advance(TimeSpan.FromSeconds(31));
        using CancellationTokenSource giveUp = new();
        Task<int> abandoned = breaker.ExecuteAsync(async token =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return 0;
        }, giveUp.Token);
        await giveUp.CancelAsync();
        Check(await CatchAsync(() => abandoned) is OperationCanceledException, "the abandoned trial is cancelled");
        Check(await breaker.ExecuteAsync(healthy) == 200 && breaker.State == CircuitState.Closed, "after an abandoned trial the next caller gets to try");

        // 6. Errors that are not failures (by the predicate) do not count.
        CircuitBreaker lenient = new(1, TimeSpan.FromSeconds(30), isFailure: ex => ex is not ArgumentException, timeProvider: clock);
        await CatchAsync(() => lenient.ExecuteAsync<int>(_ => throw new ArgumentException("bad request")));
        Check(lenient.State == CircuitState.Closed, "a non-failure exception must not open the circuit");
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
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
            throw new InvalidOperationException("circuit-breaker self-check failed: " + message);
        }
    }
}
