using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.GracefulShutdown;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class GracefulShutdownScenarios
{
    private const string P = "graceful-shutdown";
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(100);

    /// <summary>A pool whose handler for item n waits n ms on the clock (honouring its token), counting cancellations.</summary>
    private static WorkerPool<int> Pool(Clock clock, Action onCancelled, int workers = 2) =>
        new(async (int ms, CancellationToken token) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(ms), clock, token);
            }
            catch (OperationCanceledException)
            {
                onCancelled();
                throw;
            }
        }, workers, capacity: 8, timeProvider: clock);

    [Item(P, "stops-intake")]
    public static async Task StopsIntake()
    {
        Clock clock = new();
        await using WorkerPool<int> pool = Pool(clock, () => { });
        await pool.TryEnqueueAsync(10);
        await pool.TryEnqueueAsync(20);
        await Until(() => clock.LiveTimers == 2, "both jobs are in flight");
        Task<ShutdownReport> stopping = pool.StopAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Expect(!await pool.TryEnqueueAsync(30), "a third submission is refused (false: not accepted)");
        clock.Advance(TimeSpan.FromMilliseconds(20));
        ShutdownReport report = await stopping;
        Expect(report.Completed == 2 && report.Drained, $"the two accepted jobs finish, got {report}");
    }

    [Item(P, "drains-before-deadline")]
    public static async Task DrainsBeforeDeadline()
    {
        Clock clock = new();
        int cancelled = 0;
        await using WorkerPool<int> pool = Pool(clock, () => Interlocked.Increment(ref cancelled));
        await pool.TryEnqueueAsync(10);
        await pool.TryEnqueueAsync(50);
        await Until(() => clock.LiveTimers == 2, "both jobs are in flight");
        Task<ShutdownReport> stopping = pool.StopAsync(Deadline, Deadline);
        await Until(() => clock.LiveTimers == 3, "the drain deadline is set");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        clock.Advance(TimeSpan.FromMilliseconds(40));
        ShutdownReport report = await stopping;
        Expect(report is { Drained: true, Completed: 2, Abandoned: 0 } && cancelled == 0, $"both complete, nothing cancelled, got {report}");
    }

    [Item(P, "cancels-at-deadline")]
    public static async Task CancelsAtDeadline()
    {
        Clock clock = new();
        int cancelled = 0;
        await using WorkerPool<int> pool = Pool(clock, () => Interlocked.Increment(ref cancelled));
        await pool.TryEnqueueAsync(10_000);
        await Until(() => clock.LiveTimers == 1, "the job is in flight");
        Task<ShutdownReport> stopping = pool.StopAsync(Deadline, Deadline);
        await Until(() => clock.LiveTimers == 2, "the drain deadline is set");
        clock.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);
        Expect(cancelled == 0 && !stopping.IsCompleted, "not before the deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        ShutdownReport report = await stopping;
        Expect(cancelled == 1 && report is { Drained: false, Abandoned: 1 } && report.Stragglers.Count == 0, $"cancelled at 100 ms and reported, got {report}");
    }

    [Item(P, "bounded-second-wait")]
    public static async Task BoundedSecondWait()
    {
        Clock clock = new();
        TaskCompletionSource swallows = new(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerPool<string> pool = new((string _, CancellationToken _) => swallows.Task, 1, 4, timeProvider: clock);
        await pool.TryEnqueueAsync("stubborn");
        Task<ShutdownReport> stopping = pool.StopAsync(Deadline, Deadline);
        await AdvanceWhenWaiting(clock, Deadline);
        await AdvanceWhenWaiting(clock, Deadline);
        ShutdownReport report = await stopping.WaitAsync(Patience);
        Expect(!report.Drained, $"returned once deadline + grace passed, got {report}");
        swallows.SetResult();
        await pool.DisposeAsync();
    }

    [Item(P, "stragglers-reported")]
    public static async Task StragglersReported()
    {
        Clock clock = new();
        TaskCompletionSource swallows = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int cancelled = 0;
        int started = 0;
        WorkerPool<string> pool = new(async (string name, CancellationToken token) =>
        {
            Interlocked.Increment(ref started);
            if (name == "stubborn")
            {
                await swallows.Task; // ignores the token
                return;
            }
            await HangUntilCancelled<int>(token, () => Interlocked.Increment(ref cancelled));
        }, 2, 4, timeProvider: clock);
        await pool.TryEnqueueAsync("stubborn");
        await pool.TryEnqueueAsync("polite");
        await Until(() => started == 2, "both jobs are in flight");
        Task<ShutdownReport> stopping = pool.StopAsync(Deadline, Deadline);
        await AdvanceWhenWaiting(clock, Deadline);
        await Until(() => cancelled == 1, "the polite job stopped when cancelled");
        await AdvanceWhenWaiting(clock, Deadline);
        ShutdownReport report = await stopping.WaitAsync(Patience);
        Expect(report.Stragglers is ["stubborn"] && report.Abandoned == 1, $"only the stubborn job is a straggler, got {report} [{string.Join(", ", report.Stragglers)}]");
        Expect(ShutdownSignal.ExitCodeFor(report) == 1, "and the exit code says so");
        swallows.SetResult();
        await pool.DisposeAsync();
    }

    /// <summary>Starts this program as a child in a graceful-shutdown mode, sends SIGTERM `signals` times.</summary>
    private static async Task<(int ExitCode, double Seconds, string Output)> SignalledChild(string mode, int signals)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        ProcessStartInfo start = new(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run through the same host the same way this process was started (apphost, or dotnet + dll).
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }
        foreach (string arg in new[] { "--child", "graceful-shutdown", mode })
        {
            start.ArgumentList.Add(arg);
        }
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("child did not start");
        string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Expect(line == "ready", $"child says ready, got {line}");
        Stopwatch watch = Stopwatch.StartNew();
        for (int i = 0; i < signals; i++)
        {
            using Process kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await Task.Delay(200);
        }
        using CancellationTokenSource guard = new(TimeSpan.FromSeconds(30));
        await child.WaitForExitAsync(guard.Token);
        string output = await child.StandardOutput.ReadToEndAsync() + await child.StandardError.ReadToEndAsync();
        return (child.ExitCode, watch.Elapsed.TotalSeconds, output);
    }

    [Item(P, "hard-exit-fallback")]
    public static async Task HardExitFallback()
    {
        // drain 0.5 s + grace 0.5 s; the job swallows its cancellation for ever.
        (int code, double seconds, string output) = await SignalledChild("swallows", 1);
        Expect(code == 1 && seconds < 10, $"non-zero shortly after deadline + grace: exit {code} after {seconds:F1} s: {output}");
        (code, _, output) = await SignalledChild("clean", 1);
        Expect(code == 0, $"a clean drain exits 0, got {code}: {output}");
    }

    [Item(P, "second-signal-forces-exit")]
    public static async Task SecondSignalForcesExit()
    {
        // A 60 s drain deadline; the second SIGTERM comes 200 ms after the first.
        (int code, double seconds, string output) = await SignalledChild("long-drain", 2);
        Expect(code != 0 && seconds < 10, $"promptly, non-zero, long before the deadline: exit {code} after {seconds:F1} s: {output}");
    }
}
