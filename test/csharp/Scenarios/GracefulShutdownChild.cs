using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.GracefulShutdown;

namespace AsyncExpert.Templates.Scenarios;

internal static partial class Children
{
    /// <summary>
    /// Serves one job until SIGTERM, then stops and returns ShutdownSignal.ExitCodeFor(report), which Main returns:
    /// the process-level wiring of the template. Modes: "clean" (no job), "swallows" (a job that ignores its
    /// token), "long-drain" (the same job under a 60 s drain deadline, for the second-signal scenario).
    /// </summary>
    private static async Task<int> GracefulShutdownChildAsync(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "clean";
        using ShutdownSignal signal = new();
        TaskCompletionSource never = new(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerPool<string> pool = new((string _, CancellationToken _) => never.Task, workerCount: 1, capacity: 4);
        if (mode != "clean")
        {
            await pool.TryEnqueueAsync("job-1");
        }
        Console.WriteLine("ready");
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, signal.Token);
        }
        catch (OperationCanceledException)
        {
            // the first signal
        }
        TimeSpan drain = mode == "long-drain" ? TimeSpan.FromSeconds(60) : TimeSpan.FromMilliseconds(500);
        ShutdownReport report = await pool.StopAsync(drain, TimeSpan.FromMilliseconds(500));
        Console.WriteLine($"stopped: {report.Stragglers.Count} straggler(s)");
        return ShutdownSignal.ExitCodeFor(report);
    }
}
