// @pattern
// id: circuit-breaker
// title: Circuit breaker
// summary: After N consecutive failures (the operation's own timeouts included, the caller's cancellation never) stop calling a failing dependency for a break, then let exactly one time-boxed probe through: only its success closes the circuit, and outcomes of calls admitted before a state change are ignored. Time comes from TimeProvider so the behaviour is testable.
// minimum: dotnet 8, csharp 12
// apis: System.TimeProvider, System.TimeProvider.System, System.TimeProvider.GetTimestamp, System.TimeProvider.GetElapsedTime, System.Threading.CancellationTokenSource.CreateLinkedTokenSource, System.Threading.Tasks.Task.WaitAsync, System.OperationCanceledException
// pitfalls: counting the caller's cancellation (or a 404-style answer) as a failure opens the circuit on a healthy dependency, while treating every OperationCanceledException as the caller's hides the operation's own timeouts (HttpClient.Timeout throws TaskCanceledException) and a hung dependency never opens it: only a cancellation of the caller's token is neutral; a success from a slow call admitted before the circuit opened must not close it, so only the probe decides; a probe that never completes keeps the breaker rejecting forever unless it is time-boxed; letting every waiting caller through when the cool-down ends stampedes a recovering service, so allow one trial at a time; holding a lock across the awaited call serialises all traffic, so lock only the state transitions; DateTime.UtcNow jumps with clock changes, use a monotonic timestamp; a breaker per call site instead of per dependency never sees enough failures to open
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
    private readonly TimeSpan _probeTimeBox;
    private readonly TimeProvider _time;
    private readonly Func<Exception, bool> _isFailure;
    private readonly object _gate = new(); // System.Threading.Lock on .NET 9+
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _openedAt;
    private bool _probeInFlight;
    private long _probeStartedAt;
    // Bumped on every state change. A call records its outcome only if the generation it was admitted in is still
    // current: a slow call admitted while closed, or a probe given up on, changes nothing when it finally ends.
    private long _generation;

    /// <param name="failureThreshold">Consecutive failures that open the circuit.</param>
    /// <param name="breakDuration">How long the circuit stays open before a probe.</param>
    /// <param name="isFailure">Which exceptions count against the dependency; by default all of them. The caller's
    /// own cancellation never reaches it: that is neutral whatever the classifier says.</param>
    /// <param name="timeProvider">Clock; TimeProvider.System unless a test supplies one.</param>
    /// <param name="probeTimeBox">How long the probe may take before its token is cancelled and it counts as a
    /// failure; the break duration by default.</param>
    public CircuitBreaker(
        int failureThreshold,
        TimeSpan breakDuration,
        Func<Exception, bool>? isFailure = null,
        TimeProvider? timeProvider = null,
        TimeSpan? probeTimeBox = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failureThreshold);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(breakDuration, TimeSpan.Zero);
        _probeTimeBox = probeTimeBox ?? breakDuration;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_probeTimeBox, TimeSpan.Zero, nameof(probeTimeBox));
        // The probe's time box is a timer: longer than the longest one .NET supports would throw at the first probe.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_probeTimeBox, MaxTimer, nameof(probeTimeBox));
        _failureThreshold = failureThreshold;
        _breakDuration = breakDuration;
        _isFailure = isFailure ?? (static _ => true);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The longest timer .NET accepts: uint.MaxValue - 1 milliseconds, about 49.7 days.</summary>
    public static TimeSpan MaxTimer { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>The state as a caller would see it now (an expired break reads as HalfOpen).</summary>
    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                Expire();
                return _state;
            }
        }
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        cancellationToken.ThrowIfCancellationRequested();
        (long generation, bool isProbe) = AcquirePermission();
        // The probe runs under a token that its time box cancels, so a hung dependency cannot hold the only slot.
        using CancellationTokenSource? timeBox = isProbe ? new CancellationTokenSource(_probeTimeBox, _time) : null;
        using CancellationTokenSource? linked = timeBox is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeBox.Token);
        CancellationToken token = linked?.Token ?? cancellationToken;
        try
        {
            // The lock is not held here: calls in the closed state run concurrently. WaitAsync ends the probe's
            // wait at its time box even when the operation ignores the token.
            Task<T> call = operation(token);
            T result = await (isProbe ? call.WaitAsync(token) : call);
            Record(generation, isProbe, Outcome.Success);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: that says nothing about the dependency. A probe frees its slot for someone else.
            Record(generation, isProbe, Outcome.Neutral);
            throw;
        }
        catch (Exception ex) // classified, then rethrown unchanged
        {
            // An OperationCanceledException the caller did not ask for is the operation's own timeout (HttpClient's
            // Timeout, a CancelAfter inside, our time box): a failure like any other, if the classifier agrees.
            Record(generation, isProbe, _isFailure(ex) ? Outcome.Failure : Outcome.Neutral);
            throw;
        }
    }

    private (long Generation, bool IsProbe) AcquirePermission()
    {
        lock (_gate)
        {
            Expire();
            switch (_state)
            {
                case CircuitState.Closed:
                    return (_generation, false);
                case CircuitState.Open:
                    TimeSpan remaining = _breakDuration - _time.GetElapsedTime(_openedAt);
                    throw new CircuitOpenException($"Circuit open; next probe in {remaining.TotalMilliseconds:F0} ms.", remaining);
                default: // HalfOpen
                    if (_probeInFlight)
                    {
                        TimeSpan probeLeft = _probeTimeBox - _time.GetElapsedTime(_probeStartedAt);
                        throw new CircuitOpenException("Circuit half-open; a probe is in flight.", probeLeft);
                    }
                    _probeInFlight = true;
                    _probeStartedAt = _time.GetTimestamp();
                    return (_generation, true);
            }
        }
    }

    /// <summary>
    /// Time-driven transitions, under the lock: an ended break becomes half-open, and a probe past its time box
    /// (even one whose operation ignores its token) counts as failed, so the circuit opens for another break.
    /// </summary>
    private void Expire()
    {
        if (_state == CircuitState.HalfOpen && _probeInFlight && _time.GetElapsedTime(_probeStartedAt) >= _probeTimeBox)
        {
            Open();
        }
        if (_state == CircuitState.Open && _time.GetElapsedTime(_openedAt) >= _breakDuration)
        {
            _state = CircuitState.HalfOpen;
            _probeInFlight = false;
            _generation++;
        }
    }

    private void Record(long generation, bool isProbe, Outcome outcome)
    {
        lock (_gate)
        {
            Expire();
            if (generation != _generation)
            {
                return; // admitted before the last state change: stale news
            }
            switch (_state, outcome, isProbe)
            {
                case (CircuitState.Closed, Outcome.Success, _):
                    _consecutiveFailures = 0;
                    break;
                case (CircuitState.Closed, Outcome.Failure, _):
                    if (++_consecutiveFailures >= _failureThreshold)
                    {
                        Open();
                    }
                    break;
                case (CircuitState.HalfOpen, Outcome.Success, true):
                    _state = CircuitState.Closed;
                    _consecutiveFailures = 0;
                    _probeInFlight = false;
                    _generation++;
                    break;
                case (CircuitState.HalfOpen, Outcome.Failure, true):
                    Open();
                    break;
                case (CircuitState.HalfOpen, Outcome.Neutral, true):
                    _probeInFlight = false; // stays half-open: the next caller probes
                    break;
            }
        }
    }

    private void Open()
    {
        _state = CircuitState.Open;
        _openedAt = _time.GetTimestamp(); // monotonic: does not move when the wall clock is adjusted
        _probeInFlight = false;
        _generation++;
    }

    private enum Outcome
    {
        Success,
        Failure,
        Neutral,
    }
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

        // 7. The operation's own timeout (what HttpClient.Timeout throws) is a failure: two of them open the circuit.
        CircuitBreaker timeouts = new(2, TimeSpan.FromSeconds(30), timeProvider: clock);
        for (int i = 0; i < 2; i++)
        {
            await CatchAsync(() => timeouts.ExecuteAsync<int>(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout")));
        }
        Check(timeouts.State == CircuitState.Open, $"own timeouts must open the circuit, state {timeouts.State}");
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
