// @pattern
// id: graceful-shutdown
// title: Graceful shutdown: stop accepting, drain with a deadline, then cancel
// summary: On SIGTERM or Ctrl+C stop taking new work, let queued and in-flight work finish within a drain deadline, then cancel what is left and wait for it to unwind, and report what was completed and what was abandoned.
// minimum: dotnet 8, csharp 12
// apis: System.Runtime.InteropServices.PosixSignalRegistration.Create, System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices.PosixSignalContext.Cancel, System.Threading.Channels.Channel.CreateBounded, System.Threading.Channels.ChannelWriter.TryComplete, System.Threading.Channels.ChannelWriter.WaitToWriteAsync, System.Threading.Tasks.Task.WaitAsync, System.Threading.CancellationTokenSource.CancelAsync
// pitfalls: cancelling everything on the first signal throws away work that would have finished in milliseconds, so drain first and cancel only at the deadline; draining without a deadline lets one stuck request block the exit until the orchestrator kills the process (SIGKILL after its grace period, 30 s by default in Kubernetes and 10 s for docker stop); a signal handler that does not set PosixSignalContext.Cancel lets the runtime terminate the process as soon as the handler returns; work accepted after the stop began is lost, so closing the intake must come first; Console.CancelKeyPress covers Ctrl+C and Ctrl+Break, not SIGTERM; in a Generic Host app use IHostApplicationLifetime and HostOptions.ShutdownTimeout instead of raw signals
// rules: dangling-task, missing-timeout
// tags: shutdown, SIGTERM, drain, deadline, PosixSignalRegistration, channel
// fallback: dotnet 6: PosixSignalRegistration and Task.WaitAsync are there; CancelAsync (.NET 8) becomes Cancel(), the collection expression (C# 12) becomes new[] { ... }, and the ArgumentOutOfRangeException.ThrowIf* helpers (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(x))
// @end

using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.GracefulShutdown;

/// <summary>
/// A token cancelled by SIGINT (Ctrl+C), SIGTERM (docker stop, systemd, Kubernetes) or SIGQUIT. Default handling
/// (immediate termination) is suppressed so the program can shut down in order and then return from Main.
/// <code>
/// using ShutdownSignal signal = new();
/// await using WorkerPool&lt;Job&gt; pool = new(HandleJobAsync, workerCount: 4, capacity: 100);
/// await AcceptJobsAsync(pool, signal.Token);        // returns when the signal arrives
/// ShutdownReport report = await pool.StopAsync(TimeSpan.FromSeconds(20));
/// </code>
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

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
        context.Cancel = true; // we shut down ourselves; do not let the runtime terminate the process now
        _requested.Cancel();
    }
}

/// <summary>What a shutdown achieved.</summary>
/// <param name="Drained">True when everything accepted finished before the deadline.</param>
/// <param name="Completed">Items handled successfully.</param>
/// <param name="Failed">Items whose handler threw.</param>
/// <param name="Abandoned">Items cancelled in flight at the deadline or never started.</param>
public sealed record ShutdownReport(bool Drained, int Completed, int Failed, int Abandoned);

/// <summary>A bounded work queue served by a fixed set of workers, with an orderly stop.</summary>
public sealed class WorkerPool<T> : IAsyncDisposable
{
    private readonly Channel<T> _queue;
    private readonly Func<T, CancellationToken, Task> _handler;
    private readonly Action<T, Exception>? _onError;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Task _workers;
    private readonly object _gate = new();
    private Task<ShutdownReport>? _stopping;
    private int _completed;
    private int _failed;
    private int _abandoned;

    /// <param name="handler">Handles one item; must honour its token, which is cancelled at the drain deadline.</param>
    /// <param name="workerCount">Items handled at once.</param>
    /// <param name="capacity">Items that may wait in the queue; TryEnqueueAsync waits when it is full.</param>
    /// <param name="onError">Told about each item whose handler threw (for logging); the worker carries on.</param>
    public WorkerPool(Func<T, CancellationToken, Task> handler, int workerCount, int capacity, Action<T, Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workerCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _handler = handler;
        _onError = onError;
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
    /// the rest and waits for the handlers to unwind. Calling it again returns the same report.
    /// </summary>
    public Task<ShutdownReport> StopAsync(TimeSpan drainTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(drainTimeout, TimeSpan.Zero);
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(drainTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _hardStop.Dispose();
    }

    private async Task<ShutdownReport> StopCoreAsync(TimeSpan drainTimeout)
    {
        _queue.Writer.TryComplete(); // 1. no new work: TryEnqueueAsync now returns false
        bool drained = true;
        try
        {
            await _workers.WaitAsync(drainTimeout); // 2. workers exit once the queue is complete and empty
        }
        catch (TimeoutException)
        {
            drained = false;
            await _hardStop.CancelAsync(); // 3. the deadline passed: cancel in-flight handlers
            await _workers; //             and wait until they have actually stopped
        }
        while (_queue.Reader.TryRead(out _))
        {
            _abandoned++; // accepted but never started
        }
        return new ShutdownReport(drained, Volatile.Read(ref _completed), Volatile.Read(ref _failed), Volatile.Read(ref _abandoned));
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
                await HandleOneAsync(item);
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
            ShutdownReport report = await queue.StopAsync(TimeSpan.FromSeconds(20)).WaitAsync(Guard);
            Check(report == new ShutdownReport(Drained: true, Completed: 10, Failed: 0, Abandoned: 0), $"expected a full drain, got {report}");
            Check(!await queue.TryEnqueueAsync(99), "no new work after the stop began");
            Check(ReferenceEquals(queue.StopAsync(TimeSpan.Zero), queue.StopAsync(TimeSpan.Zero)), "StopAsync is idempotent");
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
            ShutdownReport report = await stuck.StopAsync(TimeSpan.FromMilliseconds(50)).WaitAsync(Guard);
            Check(report == new ShutdownReport(Drained: false, Completed: 0, Failed: 0, Abandoned: 3), $"expected 1 cancelled + 2 never started, got {report}");
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
            ShutdownReport report = await flaky.StopAsync(TimeSpan.FromSeconds(20)).WaitAsync(Guard);
            Check(report == new ShutdownReport(true, 3, 1, 0) && reportedErrors == 1, $"expected 3 completed and 1 failed, got {report}");
        }

        // 4. A real SIGTERM sent to this process cancels the shutdown token instead of killing the process.
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
