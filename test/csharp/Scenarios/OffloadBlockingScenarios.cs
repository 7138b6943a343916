using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.OffloadBlocking;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

// .NET has no event loop: "the loop" here is the caller's thread, which must get the task back at once and stay
// free to run the code that releases the work.
internal static class OffloadBlockingScenarios
{
    private const string P = "offload-blocking";

    [Item(P, "loop-stays-responsive")]
    public static async Task LoopStaysResponsive()
    {
        using ManualResetEventSlim release = new();
        // The work blocks its thread until the caller, after the call returned, sets the event.
        Task<int> work = Offload.RunCpuBoundAsync(token =>
        {
            release.Wait(token);
            return 42;
        });
        Expect(!work.IsCompleted, "the call returned while the work was still blocked");
        release.Set();
        Expect(await work.WaitAsync(Patience) == 42, "the work finished once the caller released it");
    }

    [Item(P, "runs-off-loop-thread")]
    public static async Task RunsOffLoopThread()
    {
        // The caller is a thread of its own (not a pool thread that could pick the work up after an await).
        TaskCompletionSource<(int Caller, int RanOn)> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread callerThread = new(() =>
        {
            int ranOnThread = Offload.RunCpuBoundAsync(_ => Environment.CurrentManagedThreadId).WaitAsync(Patience).GetAwaiter().GetResult();
            seen.SetResult((Environment.CurrentManagedThreadId, ranOnThread));
        });
        callerThread.Start();
        (int caller, int ranOn) = await seen.Task.WaitAsync(Patience);
        Expect(ranOn != caller, $"the work ran on thread {ranOn}, the caller is {caller}");
        int loopOn = 0;
        using CancellationTokenSource stop = new();
        Task loop = Offload.StartDedicatedLoop(token =>
        {
            loopOn = Environment.CurrentManagedThreadId;
            token.WaitHandle.WaitOne();
        }, stop.Token);
        await Until(() => Volatile.Read(ref loopOn) != 0, "the dedicated loop runs");
        Expect(loopOn != caller, "the dedicated loop has a thread of its own");
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Item(P, "errors-reach-caller")]
    public static async Task ErrorsReachCaller()
    {
        Exception? caught = await CatchAsync(() => Offload.RunCpuBoundAsync<int>(_ => throw new InvalidOperationException("disk on fire")));
        Expect(caught is InvalidOperationException { Message: "disk on fire" }, $"the work's own error, got {caught}");
        caught = await CatchAsync(() => Offload.WaitForBlockingAsync<int>(() => throw new FormatException("bad row"), TimeSpan.FromSeconds(10)));
        Expect(caught is FormatException { Message: "bad row" }, $"the blocking call's own error, got {caught}");
    }

    [Item(P, "cancel-stops-work")]
    public static async Task CancelStopsWork()
    {
        using CancellationTokenSource cancel = new();
        int exited = 0;
        Task<int> work = Offload.RunCpuBoundAsync(token =>
        {
            try
            {
                return Offload.CountPrimes(int.MaxValue, token); // endless for this test's purposes
            }
            finally
            {
                Volatile.Write(ref exited, 1);
            }
        }, cancel.Token);
        await Task.Delay(20);
        Expect(!work.IsCompleted, "still counting");
        await cancel.CancelAsync();
        Exception? caught = await CatchAsync(() => work.WaitAsync(Patience));
        Expect(caught is OperationCanceledException, $"the wait ends with the cancellation, got {caught}");
        Expect(Volatile.Read(ref exited) == 1, "and the work had left its loop when the caller's task settled");
    }
}
