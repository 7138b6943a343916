// @pattern
// id: graceful-shutdown
// title: Graceful shutdown: stop accepting, drain with a deadline, then cancel
// summary: On SIGTERM or Ctrl+C stop taking new work, let queued and in-flight work finish within a drain deadline, then cancel what is left and wait a bounded grace period for it to unwind, report what was completed, abandoned and still straggling, exit non-zero when stragglers remain, and let a second signal force the exit.
// minimum: dotnet 8, csharp 12
// apis: System.Runtime.InteropServices.PosixSignalRegistration.Create, System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices.PosixSignalContext.Cancel, System.Threading.Channels.Channel.CreateBounded, System.Threading.Channels.ChannelWriter.TryComplete, System.Threading.Channels.ChannelWriter.WaitToWriteAsync, System.Threading.Tasks.Task.WaitAsync, System.TimeProvider, System.Threading.CancellationTokenSource.CancelAsync
// pitfalls: after cancelling at the deadline, an unbounded wait for the handlers hangs on the one that ignores its token, so bound that second wait too and report who is left; a handler that cancels every signal leaves Ctrl+C unable to force the exit, so let the second one through; cancelling everything on the first signal throws away work that would have finished in milliseconds, so drain first and cancel only at the deadline; draining without a deadline lets one stuck request block the exit until the orchestrator kills the process (SIGKILL after its grace period, 30 s by default in Kubernetes and 10 s for docker stop); a signal handler that does not set PosixSignalContext.Cancel lets the runtime terminate the process as soon as the handler returns; work accepted after the stop began is lost, so closing the intake must come first; Console.CancelKeyPress covers Ctrl+C and Ctrl+Break, not SIGTERM; in a Generic Host app use IHostApplicationLifetime and HostOptions.ShutdownTimeout instead of raw signals
// rules: dangling-task, missing-timeout
// tags: shutdown, SIGTERM, drain, deadline, PosixSignalRegistration, channel
// fallback: dotnet 6: PosixSignalRegistration and Task.WaitAsync are there; CancelAsync (.NET 8) becomes Cancel(), the collection expression (C# 12) becomes new[] { ... }, and the ArgumentOutOfRangeException.ThrowIf* helpers (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(x))
// @end

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.GracefulShutdown;

/// <summary>
/// A token cancelled by SIGINT (Ctrl+C), SIGTERM (docker stop, systemd, Kubernetes) or SIGQUIT. Default handling
/// (immediate termination) is suppressed for the first signal so the program can shut down in order and then return
/// from Main; a second signal is left to the runtime's default handling, which ends the process at once, so an
/// operator can always force a stuck shutdown.
/// <code>
/// using ShutdownSignal signal = new();
/// await using WorkerPool&lt;Job&gt; pool = new(HandleJobAsync, workerCount: 4, capacity: 100);
/// await AcceptJobsAsync(pool, signal.Token);        // returns when the signal arrives
/// ShutdownReport report = await pool.StopAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));
/// return ShutdownSignal.ExitCodeFor(report);        // 1 when stragglers remain: Main returns without them
/// </code>
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
    }

    public CancellationToken Token => _requested.Token;

    /// <summary>
    /// The process exit code after a stop: 0 for a clean stop, 1 when handlers were still running after the grace
    /// period. Return it from Main: the stragglers run on thread-pool threads, which are background threads and do
    /// not keep the process alive, so returning is the hard exit.
    /// </summary>
    public static int ExitCodeFor(ShutdownReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Stragglers.Count == 0 ? 0 : 1;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return; // the second signal: Cancel stays false, so the runtime terminates the process now
        }
        context.Cancel = true; // we shut down ourselves; do not let the runtime terminate the process now
        _requested.Cancel();
    }
}

/// <summary>What a shutdown achieved.</summary>
/// <param name="Drained">True when everything accepted finished before the drain deadline.</param>
/// <param name="Completed">Items handled successfully.</param>
/// <param name="Failed">Items whose handler threw.</param>
/// <param name="Abandoned">Items cancelled in flight at the deadline (and gone within the grace period) or never started.</param>
/// <param name="Stragglers">Items whose handler was still running when the grace period ended (it ignored its token).</param>
public sealed record ShutdownReport(bool Drained, int Completed, int Failed, int Abandoned, IReadOnlyList<string> Stragglers);

/// <summary>A bounded work queue served by a fixed set of workers, with an orderly stop.</summary>
public sealed class WorkerPool<T> : IAsyncDisposable
{
    private readonly Channel<T> _queue;
    private readonly Func<T, CancellationToken, Task> _handler;
    private readonly Action<T, Exception>? _onError;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly ConcurrentDictionary<long, T> _inFlight = new();
    private readonly Task _workers;
    private readonly object _gate = new();
    private Task<ShutdownReport>? _stopping;
    private long _started;
    private int _completed;
    private int _failed;
    private int _abandoned;

    /// <param name="handler">Handles one item; must honour its token, which is cancelled at the drain deadline.</param>
    /// <param name="workerCount">Items handled at once.</param>
    /// <param name="capacity">Items that may wait in the queue; TryEnqueueAsync waits when it is full.</param>
    /// <param name="onError">Told about each item whose handler threw (for logging); the worker carries on.</param>
    /// <param name="timeProvider">Clock for the deadlines; TimeProvider.System unless a test supplies one.</param>
    public WorkerPool(Func<T, CancellationToken, Task> handler, int workerCount, int capacity, Action<T, Exception>? onError = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workerCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _handler = handler;
        _onError = onError;
        _time = timeProvider ?? TimeProvider.System;
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        Task[] workers = new Task[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            workers[i] = Task.Run(RunWorkerAsync);
        }
        _workers = Task.WhenAll(workers);
    }

    /// <summary>Queues an item, waiting for room; false once the stop has begun (the item was not accepted).</summary>
    public async ValueTask<bool> TryEnqueueAsync(T item, CancellationToken cancellationToken = default)
    {
        while (await _queue.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_queue.Writer.TryWrite(item))
            {
                return true;
            }
        }
        return false; // the writer was completed: we are shutting down
    }

    /// <summary>
    /// Stops accepting, waits up to <paramref name="drainTimeout"/> for queued and in-flight items, then cancels
    /// the rest and waits up to <paramref name="gracePeriod"/> for the handlers to unwind; handlers still running
    /// after that are reported as stragglers and no longer waited for. Calling it again returns the same report.
    /// </summary>
    public Task<ShutdownReport> StopAsync(TimeSpan drainTimeout, TimeSpan gracePeriod)
    {
        CheckDeadline(drainTimeout, nameof(drainTimeout));
        CheckDeadline(gracePeriod, nameof(gracePeriod));
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(drainTimeout, gracePeriod);
        }
    }

    public async ValueTask DisposeAsync()
    {
        ShutdownReport report = await StopAsync(TimeSpan.Zero, TimeSpan.Zero);
        if (report.Stragglers.Count == 0)
        {
            _hardStop.Dispose(); // with stragglers left, their token must stay usable
        }
    }

    private static void CheckDeadline(TimeSpan value, string parameterName)
    {
        // No infinite wait (the whole point), and nothing a .NET timer cannot honour.
        TimeSpan maxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0); // the longest timer .NET accepts, about 49.7 days
        if (value < TimeSpan.Zero || value > maxTimer)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be between zero and {maxTimer} (uint.MaxValue - 1 ms, the longest timer .NET supports).");
        }
    }

    private async Task<ShutdownReport> StopCoreAsync(TimeSpan drainTimeout, TimeSpan gracePeriod)
    {
        _queue.Writer.TryComplete(); // 1. no new work: TryEnqueueAsync now returns false
        bool drained = true;
        List<string> stragglers = new();
        try
        {
            await _workers.WaitAsync(drainTimeout, _time); // 2. workers exit once the queue is complete and empty
        }
        catch (TimeoutException)
        {
            drained = false;
            await _hardStop.CancelAsync(); // 3. the deadline passed: cancel in-flight handlers
            try
            {
                await _workers.WaitAsync(gracePeriod, _time); // 4. and wait for them, but not forever either
            }
            catch (TimeoutException)
            {
                foreach (T item in _inFlight.Values)
                {
                    stragglers.Add(item?.ToString() ?? "(null)"); // 5. still running: report, stop waiting
                }
            }
        }
        while (_queue.Reader.TryRead(out _))
        {
            Interlocked.Increment(ref _abandoned); // accepted but never started
        }
        return new ShutdownReport(drained, Volatile.Read(ref _completed), Volatile.Read(ref _failed), Volatile.Read(ref _abandoned), stragglers);
    }

    private async Task RunWorkerAsync()
    {
        try
        {
            await foreach (T item in _queue.Reader.ReadAllAsync(_hardStop.Token))
            {
                if (_hardStop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _abandoned); // read just as the deadline passed: do not start it
                    return;
                }
                long id = Interlocked.Increment(ref _started);
                _inFlight[id] = item;
                try
                {
                    await HandleOneAsync(item);
                }
                finally
                {
                    _inFlight.TryRemove(id, out _);
                }
            }
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            // hard stop while waiting for the next item
        }
    }

    private async Task HandleOneAsync(T item)
    {
        try
        {
            await _handler(item, _hardStop.Token);
            Interlocked.Increment(ref _completed);
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _abandoned);
        }
        catch (Exception ex) // one bad item must not stop the worker; it is counted and reported
        {
            Interlocked.Increment(ref _failed);
            _onError?.Invoke(item, ex);
        }
    }
}

public static class SelfCheck
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // turns a hang into a failure

    public static async Task RunAsync()
    {
        // 1. Everything finishes within the deadline: drained, all completed, intake closed afterwards.
        await using (WorkerPool<int> queue = new(async (int _, CancellationToken token) => await Task.Delay(5, token), workerCount: 2, capacity: 16))
        {
            for (int i = 0; i < 10; i++)
            {
                Check(await queue.TryEnqueueAsync(i), "items are accepted before the stop");
            }
            ShutdownReport report = await queue.StopAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5)).WaitAsync(Guard);
            Check(Is(report, drained: true, completed: 10, failed: 0, abandoned: 0, stragglers: 0), $"expected a full drain, got {report}");
            Check(!await queue.TryEnqueueAsync(99), "no new work after the stop began");
            Check(ReferenceEquals(queue.StopAsync(TimeSpan.Zero, TimeSpan.Zero), queue.StopAsync(TimeSpan.Zero, TimeSpan.Zero)), "StopAsync is idempotent");
        }

        // 2. A stuck handler: at the deadline it is cancelled, the queued items are abandoned, nothing hangs.
        int cancelledInFlight = 0;
        TaskCompletionSource firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (WorkerPool<int> stuck = new(async (int _, CancellationToken token) =>
        {
            firstStarted.TrySetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelledInFlight);
                throw;
            }
        }, workerCount: 1, capacity: 8))
        {
            for (int i = 0; i < 3; i++)
            {
                await stuck.TryEnqueueAsync(i);
            }
            await firstStarted.Task.WaitAsync(Guard);
            ShutdownReport report = await stuck.StopAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5)).WaitAsync(Guard);
            Check(Is(report, drained: false, completed: 0, failed: 0, abandoned: 3, stragglers: 0), $"expected 1 cancelled + 2 never started, got {report}");
            Check(cancelledInFlight == 1, "the in-flight handler must see its token cancelled");
        }

        // 3. A failing item is counted and reported, and the worker goes on with the next one.
        int reportedErrors = 0;
        await using (WorkerPool<int> flaky = new(
            (int n, CancellationToken _) => n == 2 ? throw new FormatException("bad item") : Task.CompletedTask,
            workerCount: 1,
            capacity: 8,
            onError: (int _, Exception ex) => reportedErrors += ex is FormatException ? 1 : 0))
        {
            for (int i = 0; i < 4; i++)
            {
                await flaky.TryEnqueueAsync(i);
            }
            ShutdownReport report = await flaky.StopAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5)).WaitAsync(Guard);
            Check(Is(report, drained: true, completed: 3, failed: 1, abandoned: 0, stragglers: 0) && reportedErrors == 1, $"expected 3 completed and 1 failed, got {report}");
        }

        // 4. A handler that ignores its token: once the grace period ends it is reported, not waited for.
        TaskCompletionSource neverEnds = new(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerPool<string> stubborn = new((string _, CancellationToken _) => neverEnds.Task, workerCount: 1, capacity: 1);
        await stubborn.TryEnqueueAsync("job-7");
        ShutdownReport stubbornReport = await stubborn.StopAsync(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)).WaitAsync(Guard);
        Check(stubbornReport.Stragglers is ["job-7"] && ShutdownSignal.ExitCodeFor(stubbornReport) == 1, $"expected job-7 as a straggler, got {stubbornReport}");
        neverEnds.SetResult();
        await stubborn.DisposeAsync();

        // 5. A real SIGTERM sent to this process cancels the shutdown token instead of killing the process.
        if (OperatingSystem.IsLinux())
        {
            using ShutdownSignal signal = new();
            Check(!signal.Token.IsCancellationRequested, "no signal yet");
            Check(Libc.Kill(Environment.ProcessId, Libc.SigTerm) == 0, "kill(getpid(), SIGTERM) failed");
            Exception? woke = null;
            try
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, signal.Token).WaitAsync(Guard);
            }
            catch (Exception ex) // the self-check inspects the exception type
            {
                woke = ex;
            }
            Check(woke is OperationCanceledException, $"SIGTERM should cancel the token, got {woke?.GetType().Name ?? "nothing"}");
        }
    }

    private static bool Is(ShutdownReport report, bool drained, int completed, int failed, int abandoned, int stragglers) =>
        report.Drained == drained && report.Completed == completed && report.Failed == failed && report.Abandoned == abandoned && report.Stragglers.Count == stragglers;

    private static class Libc
    {
        public const int SigTerm = 15; // Linux

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("graceful-shutdown self-check failed: " + message);
        }
    }
}
