// @pattern
// id: offload-blocking
// title: Running CPU-bound or blocking work off the caller's thread
// summary: Move CPU-bound work to the thread pool with Task.Run and cooperative cancellation, spread it over cores with a bounded Parallel.For, bound the wait on a blocking call that cannot be cancelled, and give a never-ending blocking loop a dedicated thread.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.Tasks.Task.Run, System.Threading.Tasks.Parallel.For, System.Threading.Tasks.ParallelOptions, System.Threading.Tasks.TaskFactory.StartNew, System.Threading.Tasks.TaskCreationOptions.LongRunning, System.Threading.Tasks.TaskScheduler.Default, System.Threading.Tasks.Task.WaitAsync, System.Security.Cryptography.SHA256.HashData
// pitfalls: .Result, .Wait() and GetAwaiter().GetResult() on async work block a thread and can deadlock under a SynchronizationContext (sync over async); Task.Run inside an ASP.NET Core request only moves the work to another pool thread, so use it where a thread must stay responsive (UI, event loop, a pipeline stage) or to use more cores; wrapping an already-async I/O method in Task.Run wastes a thread; a token passed to Task.Run only prevents the start, the work must check it too; Task.Factory.StartNew with an async lambda returns Task<Task> and LongRunning buys nothing after the first await; a blocking call abandoned by WaitAsync still holds its thread until it returns
// rules: blocking-call-in-async, event-loop-misuse
// tags: Task.Run, thread pool, CPU-bound, blocking, LongRunning, Parallel.For
// fallback: dotnet 6: replace the ArgumentOutOfRangeException.ThrowIf* helpers (.NET 8) with an if and throw new ArgumentOutOfRangeException(nameof(x)); in the self-check CancelAsync (.NET 8) becomes Cancel()
// @end

using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.OffloadBlocking;

public static class Offload
{
    /// <summary>
    /// Runs CPU-bound <paramref name="work"/> on the thread pool. The token is given to Task.Run (so queued work
    /// that was cancelled never starts) and to the work itself, which must check it as it goes.
    /// </summary>
    public static Task<T> RunCpuBoundAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Task.Run(() => work(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Hashes every blob using at most <paramref name="maxDegreeOfParallelism"/> cores. The whole parallel loop
    /// runs inside Task.Run: Parallel.For blocks its calling thread, which must not be the caller's.
    /// </summary>
    public static Task<byte[][]> HashAllAsync(IReadOnlyList<byte[]> blobs, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        return Task.Run(() =>
        {
            byte[][] digests = new byte[blobs.Count][];
            ParallelOptions options = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
            Parallel.For(0, blobs.Count, options, (int i) => digests[i] = SHA256.HashData(blobs[i]));
            return digests;
        }, cancellationToken);
    }

    /// <summary>CPU-bound example with cooperative cancellation: counts the primes below <paramref name="limit"/>.</summary>
    public static int CountPrimes(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        int count = 0;
        for (int candidate = 2; candidate < limit; candidate++)
        {
            // Checking every iteration costs more than the work; every 1024 keeps the reaction time short.
            if ((candidate & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (IsPrime(candidate))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// For a blocking call with no way to cancel it (a legacy driver, a native library): stop waiting after
    /// <paramref name="timeout"/>. The thread stays busy until the call returns; only the caller moves on.
    /// </summary>
    public static Task<T> WaitForBlockingAsync<T>(Func<T> blockingCall, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockingCall);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return Task.Run(blockingCall, cancellationToken).WaitAsync(timeout, cancellationToken);
    }

    /// <summary>
    /// Starts a loop that blocks for its whole life (reading a serial port, a blocking queue) on a dedicated
    /// thread rather than a pool thread, so it does not starve the pool. The loop must be synchronous.
    /// </summary>
    public static Task StartDedicatedLoop(Action<CancellationToken> loop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loop);
        // An explicit TaskScheduler.Default: StartNew would otherwise pick up TaskScheduler.Current.
        return Task.Factory.StartNew(() => loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static bool IsPrime(int n)
    {
        if (n < 4)
        {
            return n >= 2;
        }
        if (n % 2 == 0)
        {
            return false;
        }
        for (int d = 3; d <= n / d; d += 2)
        {
            if (n % d == 0)
            {
                return false;
            }
        }
        return true;
    }
}

public static class SelfCheck
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // turns a hang into a failure

    public static async Task RunAsync()
    {
        // 1. The work runs on a pool thread and the caller continues before it finishes: the work waits for a
        //    signal that only the caller's next line gives. Run inline, it would never see the signal.
        using ManualResetEventSlim callerContinued = new();
        Task<bool> offloaded = Offload.RunCpuBoundAsync(token => callerContinued.Wait(Guard, token) && Thread.CurrentThread.IsThreadPoolThread);
        callerContinued.Set();
        Check(await offloaded.WaitAsync(Guard), "work should run on a pool thread while the caller continues");

        // 2. Correct results, and in input order, from the parallel loop.
        byte[][] blobs = new byte[64][];
        for (int i = 0; i < blobs.Length; i++)
        {
            blobs[i] = BitConverter.GetBytes(i);
        }
        byte[][] digests = await Offload.HashAllAsync(blobs, maxDegreeOfParallelism: 2);
        for (int i = 0; i < blobs.Length; i++)
        {
            Check(digests[i].AsSpan().SequenceEqual(SHA256.HashData(blobs[i])), $"digest {i} mismatch");
        }

        // 3. Cooperative cancellation stops a CPU loop that would otherwise run for minutes.
        Check(Offload.CountPrimes(100, CancellationToken.None) == 25, "there are 25 primes below 100");
        using CancellationTokenSource cancel = new();
        Task<int> longCount = Offload.RunCpuBoundAsync(token => Offload.CountPrimes(int.MaxValue, token), cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(30));
        Check(await CatchAsync(() => longCount.WaitAsync(Guard)) is OperationCanceledException, "the CPU loop should observe cancellation");

        // 4. Already cancelled: the pool never runs the work.
        bool ran = false;
        using CancellationTokenSource before = new();
        await before.CancelAsync();
        Task<int> skipped = Offload.RunCpuBoundAsync(_ =>
        {
            ran = true;
            return 0;
        }, before.Token);
        Check(await CatchAsync(() => skipped) is OperationCanceledException && !ran, "work with a cancelled token should not start");

        // 5. A blocking call that cannot be cancelled: the caller stops waiting, the call itself is still running.
        using ManualResetEventSlim release = new();
        Task<int> waited = Offload.WaitForBlockingAsync(() =>
        {
            release.Wait(Guard);
            return 1;
        }, TimeSpan.FromMilliseconds(30));
        Check(await CatchAsync(() => waited) is TimeoutException, "the wait should time out");
        release.Set(); // let the abandoned call return so the check leaves no busy thread behind

        // 6. A dedicated thread for a loop that blocks for its whole life (what the default scheduler does for
        //    LongRunning), stopped through its token.
        TaskCompletionSource<bool> onPoolThread = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenSource stop = new();
        Task loop = Offload.StartDedicatedLoop(token =>
        {
            onPoolThread.SetResult(Thread.CurrentThread.IsThreadPoolThread);
            token.WaitHandle.WaitOne(Guard); // stands in for a blocking read
        }, stop.Token);
        bool wasPoolThread = await onPoolThread.Task.WaitAsync(Guard); // the loop is running before we stop it
        await stop.CancelAsync();
        await loop.WaitAsync(Guard);
        Check(!wasPoolThread, "a LongRunning task should run on its own thread, not a pool thread");
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
            throw new InvalidOperationException("offload-blocking self-check failed: " + message);
        }
    }
}
