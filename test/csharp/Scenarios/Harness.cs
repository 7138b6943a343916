using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace AsyncExpert.Templates.Scenarios;

/// <summary>
/// FakeTimeProvider that also counts its live timers, so a scenario can check that nothing stays scheduled: every
/// CreateTimer adds one, Dispose removes it.
/// </summary>
internal sealed class Clock : FakeTimeProvider
{
    private int _live;

    public int LiveTimers => Volatile.Read(ref _live);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new Tracked(base.CreateTimer(callback, state, dueTime, period), this);
    }

    private sealed class Tracked(ITimer inner, Clock owner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

internal static class Harness
{
    /// <summary>Real time a scenario may wait for work on other threads to reach a state (a hang catcher only).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>Waits (in real time, briefly) until work running elsewhere has reached the state described.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"gave up waiting until {what}");
            }
            await Task.Delay(1);
        }
    }

    /// <summary>Advances the fake clock once the code under test has registered at least <paramref name="timers"/> timers.</summary>
    public static async Task AdvanceWhenWaiting(Clock clock, TimeSpan by, int timers = 1)
    {
        await Until(() => clock.LiveTimers >= timers, $"{timers} timer(s) are scheduled");
        clock.Advance(by);
    }

    public static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex) // the scenario inspects it
        {
            return ex;
        }
    }

    /// <summary>A task that ends only when its token is cancelled, recording that it saw the cancellation.</summary>
    public static async Task<T> HangUntilCancelled<T>(CancellationToken token, Action? sawCancellation = null)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        }
        catch (OperationCanceledException)
        {
            sawCancellation?.Invoke();
            throw;
        }
        throw new InvalidOperationException("unreachable");
    }
}
