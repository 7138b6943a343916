// @pattern
// id: cancellation-cleanup
// title: Cancellation with cleanup
// summary: Let OperationCanceledException propagate after undoing partial work, give the cleanup its own short budget because the caller's token is already cancelled, and unhook callbacks whatever the outcome.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.CancellationToken.ThrowIfCancellationRequested, System.Threading.CancellationTokenSource, System.OperationCanceledException, System.Threading.Tasks.TaskCompletionSource, System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously, System.Threading.Tasks.Task.WaitAsync, System.AggregateException
// pitfalls: catch (OperationCanceledException) { return; } swallows the cancellation and the caller believes the work completed; passing the caller's (cancelled) token to the rollback makes the cleanup cancel itself; an unbounded cleanup can hang shutdown, so give it a timeout of its own; catch OperationCanceledException, not TaskCanceledException, which is only one of its subclasses; a throwing cleanup in finally replaces the original exception; an event handler or CancellationToken registration left attached leaks the object it captures; TaskCompletionSource without RunContinuationsAsynchronously runs the awaiting code inline on the thread that completes it
// rules: swallowed-cancellation, swallowed-error
// tags: cancellation, cleanup, CancellationToken, rollback, TaskCompletionSource
// fallback: dotnet 6: replace ArgumentOutOfRangeException.ThrowIfLessThanOrEqual (.NET 8) with an if and throw; in the self-check CancellationTokenSource.CancelAsync (.NET 8) becomes Cancel()
// @end

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.CancellationCleanup;

/// <summary>A destination that must either receive a whole batch or none of it.</summary>
public interface IBatchSink
{
    Task BeginAsync(CancellationToken cancellationToken);
    Task WriteAsync(string record, CancellationToken cancellationToken);
    Task CommitAsync(CancellationToken cancellationToken);
    Task RollbackAsync(CancellationToken cancellationToken);
}

public sealed class BatchImporter
{
    private readonly IBatchSink _sink;
    private readonly TimeSpan _rollbackBudget;

    public BatchImporter(IBatchSink sink, TimeSpan rollbackBudget)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rollbackBudget, TimeSpan.Zero);
        _sink = sink;
        _rollbackBudget = rollbackBudget;
    }

    /// <summary>Writes all records and commits; on cancellation or failure rolls back, then rethrows.</summary>
    public async Task<int> ImportAsync(IEnumerable<string> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested(); // nothing to undo yet

        await _sink.BeginAsync(cancellationToken);
        int written = 0;
        try
        {
            foreach (string record in records)
            {
                await _sink.WriteAsync(record, cancellationToken);
                written++;
            }
            await _sink.CommitAsync(cancellationToken);
            return written;
        }
        catch (Exception original) // cancellation included: both need the rollback, and both are rethrown
        {
            try
            {
                // Not the caller's token: it may be the reason we are here. A fresh, short budget keeps a stuck
                // rollback from hanging the caller forever.
                using CancellationTokenSource rollbackTimeout = new(_rollbackBudget);
                await _sink.RollbackAsync(rollbackTimeout.Token);
            }
            catch (Exception rollbackError) // keep both: losing either hides a real problem
            {
                throw new AggregateException("The batch failed and its rollback failed too.", original, rollbackError);
            }
            throw; // the original exception, with its stack trace: OperationCanceledException stays one
        }
    }
}

public static class Events
{
    /// <summary>
    /// Waits for the next event raised through <paramref name="subscribe"/>, or for cancellation. The handler is
    /// detached on every path, so a cancelled wait does not leave the caller captured by the event source.
    /// </summary>
    public static async Task<TArgs> NextAsync<TArgs>(
        Action<EventHandler<TArgs>> subscribe,
        Action<EventHandler<TArgs>> unsubscribe,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        ArgumentNullException.ThrowIfNull(unsubscribe);
        cancellationToken.ThrowIfCancellationRequested();

        // RunContinuationsAsynchronously: our continuation must not run inside the event raiser's call.
        TaskCompletionSource<TArgs> raised = new(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<TArgs> handler = (object? _, TArgs args) => raised.TrySetResult(args);
        subscribe(handler);
        try
        {
            return await raised.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            unsubscribe(handler);
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // 1. Cancelled mid-batch: rollback runs with a live token, commit never runs, the cancellation propagates.
        using (CancellationTokenSource caller = new())
        {
            RecordingSink sink = new() { CancelAfterWrites = 3, CancelSource = caller };
            BatchImporter importer = new(sink, TimeSpan.FromSeconds(5));
            Exception? caught = await CatchAsync(() => importer.ImportAsync(["a", "b", "c", "d", "e"], caller.Token));
            Check(caught is OperationCanceledException, $"expected OperationCanceledException, got {caught?.GetType().Name ?? "none"}");
            Check(sink.Writes == 3, $"three writes before cancellation, got {sink.Writes}");
            Check(sink.RolledBack && !sink.Committed, "cancelled batch must roll back and not commit");
            Check(sink.RollbackTokenWasLive, "rollback must get a token that is not already cancelled");
        }

        // 2. Success: commit, no rollback.
        RecordingSink okSink = new();
        int count = await new BatchImporter(okSink, TimeSpan.FromSeconds(5)).ImportAsync(["x", "y"], CancellationToken.None);
        Check(count == 2 && okSink.Committed && !okSink.RolledBack, "successful batch should commit without rollback");

        // 3. A failing write and a failing rollback: both errors reach the caller.
        RecordingSink broken = new() { FailOnWrite = "boom", FailRollback = true };
        Exception? both = await CatchAsync(() => new BatchImporter(broken, TimeSpan.FromSeconds(5)).ImportAsync(["ok", "boom"], CancellationToken.None));
        Check(both is AggregateException { InnerExceptions.Count: 2 } agg && agg.InnerExceptions[0] is FormatException && agg.InnerExceptions[1] is TimeoutException,
            "a failed rollback should be reported together with the original error");

        // 4. A rollback that hangs is cut off by its own budget instead of hanging the caller.
        RecordingSink slowRollback = new() { FailOnWrite = "boom", RollbackDelay = System.Threading.Timeout.InfiniteTimeSpan };
        Exception? cut = await CatchAsync(() => new BatchImporter(slowRollback, TimeSpan.FromMilliseconds(50)).ImportAsync(["boom"], CancellationToken.None));
        Check(cut is AggregateException { InnerExceptions.Count: 2 } slow && slow.InnerExceptions[1] is OperationCanceledException,
            "a stuck rollback should be cancelled by the rollback budget");

        // 5. Event bridge: the value arrives and the handler is detached; on cancellation it is detached too.
        Ticker ticker = new();
        Task<int> next = Events.NextAsync<int>(h => ticker.Ticked += h, h => ticker.Ticked -= h, CancellationToken.None);
        Check(ticker.SubscriberCount == 1, "handler should be attached while waiting");
        ticker.Raise(7);
        Check(await next == 7, "the event value should come through");
        Check(ticker.SubscriberCount == 0, "handler should be detached after the event");

        using CancellationTokenSource stopWaiting = new();
        Task<int> abandoned = Events.NextAsync<int>(h => ticker.Ticked += h, h => ticker.Ticked -= h, stopWaiting.Token);
        await stopWaiting.CancelAsync();
        Exception? cancelled = await CatchAsync(() => abandoned);
        Check(cancelled is OperationCanceledException, "cancelled wait should throw OperationCanceledException");
        Check(ticker.SubscriberCount == 0, "handler should be detached after cancellation");
    }

    private sealed class RecordingSink : IBatchSink
    {
        public int CancelAfterWrites { get; init; } = -1;
        public CancellationTokenSource? CancelSource { get; init; }
        public string? FailOnWrite { get; init; }
        public bool FailRollback { get; init; }
        public TimeSpan RollbackDelay { get; init; } = TimeSpan.Zero;
        public int Writes { get; private set; }
        public bool Committed { get; private set; }
        public bool RolledBack { get; private set; }
        public bool RollbackTokenWasLive { get; private set; }

        public Task BeginAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task WriteAsync(string record, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (record == FailOnWrite)
            {
                throw new FormatException($"cannot write {record}");
            }
            Writes++;
            if (Writes == CancelAfterWrites)
            {
                await (CancelSource?.CancelAsync() ?? Task.CompletedTask);
            }
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Committed = true;
            return Task.CompletedTask;
        }

        public async Task RollbackAsync(CancellationToken cancellationToken)
        {
            RollbackTokenWasLive = !cancellationToken.IsCancellationRequested;
            if (RollbackDelay != TimeSpan.Zero)
            {
                await Task.Delay(RollbackDelay, cancellationToken);
            }
            if (FailRollback)
            {
                throw new TimeoutException("rollback failed");
            }
            RolledBack = true;
        }
    }

    private sealed class Ticker
    {
        public event EventHandler<int>? Ticked;

        public int SubscriberCount => Ticked?.GetInvocationList().Length ?? 0;

        public void Raise(int value) => Ticked?.Invoke(this, value);
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
            throw new InvalidOperationException("cancellation-cleanup self-check failed: " + message);
        }
    }
}
