using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.CancellationCleanup;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class CancellationCleanupScenarios
{
    private const string P = "cancellation-cleanup";

    /// <summary>A sink that counts steps and can fail, cancel its caller, or hang in its rollback or close.</summary>
    private sealed class Sink : IBatchSink
    {
        public int Started;
        public bool Committed;
        public bool RolledBack;
        public bool Closed;
        public int CancelAfter { get; init; } = -1;
        public CancellationTokenSource? Cancel { get; init; }
        public int FailAt { get; init; } = -1;
        public Exception? CloseError { get; init; }
        public bool CloseHangs { get; init; }

        public Task BeginAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task WriteAsync(string record, CancellationToken cancellationToken)
        {
            int step = Interlocked.Increment(ref Started);
            if (step == FailAt)
            {
                throw new InvalidOperationException($"step {step} failed");
            }
            if (step == CancelAfter)
            {
                await Cancel!.CancelAsync();
            }
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            Committed = true;
            return Task.CompletedTask;
        }

        public Task RollbackAsync(CancellationToken cancellationToken)
        {
            RolledBack = true;
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (CloseHangs)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan);
            }
            Closed = true;
            if (CloseError is not null)
            {
                throw CloseError;
            }
        }
    }

    private static readonly string[] Thousand = Enumerable.Range(1, 1000).Select(i => $"r{i}").ToArray();

    private static BatchImporter Over(Sink sink, TimeProvider? time = null) => new(_ => Task.FromResult<IBatchSink>(sink), TimeSpan.FromSeconds(1), time);

    [Item(P, "cancel-is-not-success")]
    public static async Task CancelIsNotSuccess()
    {
        using CancellationTokenSource cancel = new();
        Sink sink = new() { CancelAfter = 3, Cancel = cancel };
        Exception? caught = await CatchAsync(() => Over(sink).ImportAsync(Thousand, cancel.Token));
        Expect(caught is OperationCanceledException oce && oce.CancellationToken == cancel.Token && !sink.Committed, $"the caller's cancellation, not a count, got {caught}");
    }

    [Item(P, "no-step-after-cancel")]
    public static async Task NoStepAfterCancel()
    {
        using CancellationTokenSource cancel = new();
        Sink sink = new() { CancelAfter = 3, Cancel = cancel };
        await CatchAsync(() => Over(sink).ImportAsync(Thousand, cancel.Token));
        Expect(sink.Started == 3, $"no step started after the cancel, {sink.Started} did");
    }

    [Item(P, "cleanup-on-every-path")]
    public static async Task CleanupOnEveryPath()
    {
        Sink completes = new();
        Expect(await Over(completes).ImportAsync(["a", "b", "c"], CancellationToken.None) == 3, "completes");
        Expect(completes.Closed && completes.Committed && !completes.RolledBack, "closed, committed, not rolled back");
        Sink fails = new() { FailAt = 2 };
        Exception? failed = await CatchAsync(() => Over(fails).ImportAsync(Thousand, CancellationToken.None));
        Expect(failed is InvalidOperationException && fails.Closed && fails.RolledBack, $"failure: closed and rolled back, got {failed}");
        using CancellationTokenSource cancel = new();
        Sink cancelled = new() { CancelAfter = 3, Cancel = cancel };
        Exception? stopped = await CatchAsync(() => Over(cancelled).ImportAsync(Thousand, cancel.Token));
        Expect(stopped is OperationCanceledException && cancelled.Closed && cancelled.RolledBack, $"cancel: closed and rolled back, got {stopped}");
    }

    [Item(P, "cleanup-error-keeps-original")]
    public static async Task CleanupErrorKeepsOriginal()
    {
        IOException b = new("B: close failed");
        Sink sink = new() { FailAt = 2, CloseError = b };
        Exception? caught = await CatchAsync(() => Over(sink).ImportAsync(Thousand, CancellationToken.None));
        Expect(caught is InvalidOperationException { Message: "step 2 failed" } && ReferenceEquals(BatchImporter.CleanupErrorOf(caught), b), $"A reaches the caller and leads to B, got {caught}");
        using CancellationTokenSource cancel = new();
        Sink cancelled = new() { CancelAfter = 1, Cancel = cancel, CloseError = new IOException("close failed") };
        Exception? stopped = await CatchAsync(() => Over(cancelled).ImportAsync(Thousand, cancel.Token));
        Expect(stopped is OperationCanceledException && BatchImporter.CleanupErrorOf(stopped) is IOException, $"the cancellation still surfaces, got {stopped}");
    }

    [Item(P, "cleanup-bounded")]
    public static async Task CleanupBounded()
    {
        Clock clock = new();
        Sink sink = new() { FailAt = 1, CloseHangs = true };
        Task<int> run = Over(sink, clock).ImportAsync(Thousand, CancellationToken.None);
        await AdvanceWhenWaiting(clock, TimeSpan.FromSeconds(1));
        Exception? caught = await CatchAsync(() => run.WaitAsync(Patience));
        Expect(caught is InvalidOperationException { Message: "step 1 failed" } && BatchImporter.CleanupErrorOf(caught) is TimeoutException, $"the original error with the cleanup timeout, got {caught}");
    }

    [Item(P, "nothing-left-attached")]
    public static async Task NothingLeftAttached()
    {
        // Events.NextAsync under one long-lived token: after a completed and a cancelled wait, no handler of ours is left.
        EventHandler<int>? handlers = null;
        using CancellationTokenSource longLived = new();
        Task<int> first = Events.NextAsync<int>(h => handlers += h, h => handlers -= h, longLived.Token);
        handlers?.Invoke(null, 7);
        Expect(await first.WaitAsync(Patience) == 7 && handlers is null, "completed: unsubscribed");
        using CancellationTokenSource shortLived = CancellationTokenSource.CreateLinkedTokenSource(longLived.Token);
        Task<int> second = Events.NextAsync<int>(h => handlers += h, h => handlers -= h, shortLived.Token);
        await shortLived.CancelAsync();
        Exception? caught = await CatchAsync(() => second.WaitAsync(Patience));
        Expect(caught is OperationCanceledException && handlers is null, $"cancelled: unsubscribed, got {caught}");
    }
}
