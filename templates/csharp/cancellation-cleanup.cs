// @pattern
// id: cancellation-cleanup
// title: Cancellation with cleanup
// summary: Stop between steps once cancelled, let OperationCanceledException propagate after undoing partial work and closing what was opened, give the cleanup its own time budget because the caller's token is already cancelled, keep a failing cleanup's error attached to the original instead of replacing it, and unhook callbacks whatever the outcome.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.CancellationToken.ThrowIfCancellationRequested, System.Threading.CancellationTokenSource, System.OperationCanceledException, System.Threading.Tasks.TaskCompletionSource, System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously, System.Threading.Tasks.Task.WaitAsync, System.TimeProvider, System.Exception.Data, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw
// pitfalls: catch (OperationCanceledException) { return; } swallows the cancellation and the caller believes the work completed; passing the caller's (cancelled) token to the rollback makes the cleanup cancel itself; an unbounded cleanup can hang shutdown, so give it a timeout of its own; catch OperationCanceledException, not TaskCanceledException, which is only one of its subclasses; a throwing cleanup in finally replaces the original exception, and wrapping both in an AggregateException hides the OperationCanceledException from the caller's catch: rethrow the original and attach the cleanup's error; a rollback that ignores its token outlives its budget unless the wait for it is bounded too (WaitAsync); an event handler or CancellationToken registration left attached leaks the object it captures; TaskCompletionSource without RunContinuationsAsynchronously runs the awaiting code inline on the thread that completes it
// rules: swallowed-cancellation, swallowed-error
// tags: cancellation, cleanup, CancellationToken, rollback, TaskCompletionSource
// fallback: dotnet 6: replace ArgumentOutOfRangeException.ThrowIfLessThanOrEqual (.NET 8) with an if and throw; in the self-check CancellationTokenSource.CancelAsync (.NET 8) becomes Cancel()
// @end

using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.CancellationCleanup;

/// <summary>A destination that must either receive a whole batch or none of it; disposing it closes it.</summary>
public interface IBatchSink : IAsyncDisposable
{
    Task BeginAsync(CancellationToken cancellationToken);
    Task WriteAsync(string record, CancellationToken cancellationToken);
    Task CommitAsync(CancellationToken cancellationToken);
    Task RollbackAsync(CancellationToken cancellationToken);
}

public sealed class BatchImporter
{
    /// <summary>The key under which a failed cleanup (rollback or close) is attached to the exception that caused it.</summary>
    public const string CleanupErrorKey = "AsyncExpert.CleanupError";

    private readonly Func<CancellationToken, Task<IBatchSink>> _openSink;
    private readonly TimeSpan _rollbackBudget;
    private readonly TimeProvider _time;

    /// <param name="openSink">Opens a sink for one import; the importer closes it on every path.</param>
    /// <param name="rollbackBudget">How long the rollback, and then the close, may each take before it is given up and reported.</param>
    /// <param name="timeProvider">Clock for that budget; TimeProvider.System unless a test supplies one.</param>
    public BatchImporter(Func<CancellationToken, Task<IBatchSink>> openSink, TimeSpan rollbackBudget, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(openSink);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rollbackBudget, TimeSpan.Zero);
        // The budget is a timer: refuse what .NET cannot time (uint.MaxValue - 1 ms) here, not in the middle of a rollback.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rollbackBudget, TimeSpan.FromMilliseconds(uint.MaxValue - 1.0));
        _openSink = openSink;
        _rollbackBudget = rollbackBudget;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The cleanup failure attached to <paramref name="error"/>, if its rollback or close failed too.</summary>
    public static Exception? CleanupErrorOf(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Data[CleanupErrorKey] as Exception;
    }

    /// <summary>
    /// Writes all records and commits. No step starts once the token is cancelled; on cancellation or failure the
    /// batch is rolled back under its own budget, the sink is closed on every path, and the original exception is
    /// rethrown unchanged (OperationCanceledException stays one) with any cleanup failure attached to it.
    /// </summary>
    public async Task<int> ImportAsync(IEnumerable<string> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested(); // nothing to undo yet

        IBatchSink sink = await _openSink(cancellationToken);
        Exception? failure = null;
        int written = 0;
        try
        {
            await sink.BeginAsync(cancellationToken);
            foreach (string record in records)
            {
                cancellationToken.ThrowIfCancellationRequested(); // between steps, whatever the sink does with the token
                await sink.WriteAsync(record, cancellationToken);
                written++;
            }
            cancellationToken.ThrowIfCancellationRequested();
            await sink.CommitAsync(cancellationToken);
        }
        catch (Exception original) // cancellation included: both need the rollback, and both are rethrown below
        {
            failure = original;
            try
            {
                await RollbackAsync(sink);
            }
            catch (Exception rollbackError) // attached, never substituted: the caller handles the original
            {
                Attach(original, rollbackError);
            }
        }
        try
        {
            await CloseAsync(sink);
        }
        catch (Exception closeError) when (failure is not null) // only attached when something already failed
        {
            Attach(failure, closeError);
        }
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure); // the original, with its stack trace
        }
        return written;
    }

    private async Task RollbackAsync(IBatchSink sink)
    {
        // Not the caller's token: it may be the reason we are here. A budget of its own keeps a stuck rollback from
        // hanging the caller, even one that ignores its token (WaitAsync stops waiting for it).
        using CancellationTokenSource budget = new(_rollbackBudget, _time);
        try
        {
            await sink.RollbackAsync(budget.Token).WaitAsync(budget.Token);
        }
        catch (OperationCanceledException ex) when (budget.IsCancellationRequested)
        {
            throw new TimeoutException($"The rollback did not finish within {_rollbackBudget.TotalMilliseconds} ms.", ex);
        }
    }

    private async Task CloseAsync(IBatchSink sink)
    {
        // The close is cleanup too: a sink whose DisposeAsync never finishes must not hang the caller either, so it
        // gets a budget of the same length. Past it we stop waiting; the close itself cannot be stopped from here.
        using CancellationTokenSource budget = new(_rollbackBudget, _time);
        try
        {
            await sink.DisposeAsync().AsTask().WaitAsync(budget.Token);
        }
        catch (OperationCanceledException ex) when (budget.IsCancellationRequested)
        {
            throw new TimeoutException($"Closing the sink did not finish within {_rollbackBudget.TotalMilliseconds} ms.", ex);
        }
    }

    private static void Attach(Exception original, Exception cleanupError) =>
        original.Data[CleanupErrorKey] = original.Data[CleanupErrorKey] is Exception earlier
            ? new AggregateException(earlier, cleanupError)
            : cleanupError;
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
            BatchImporter importer = new(_ => Task.FromResult<IBatchSink>(sink), TimeSpan.FromSeconds(5));
            Exception? caught = await CatchAsync(() => importer.ImportAsync(["a", "b", "c", "d", "e"], caller.Token));
            Check(caught is OperationCanceledException, $"expected OperationCanceledException, got {caught?.GetType().Name ?? "none"}");
            Check(sink.Writes == 3, $"three writes before cancellation, got {sink.Writes}");
            Check(sink.RolledBack && !sink.Committed, "cancelled batch must roll back and not commit");
            Check(sink.RollbackTokenWasLive, "rollback must get a token that is not already cancelled");
            Check(sink.Closed, "the sink is closed after a cancellation");
        }

        // 2. Success: commit, no rollback.
        RecordingSink okSink = new();
        int count = await new BatchImporter(_ => Task.FromResult<IBatchSink>(okSink), TimeSpan.FromSeconds(5)).ImportAsync(["x", "y"], CancellationToken.None);
        Check(count == 2 && okSink.Committed && !okSink.RolledBack && okSink.Closed, "successful batch should commit without rollback and close");

        // 3. A failing write and a failing rollback: the write's error reaches the caller, the rollback's attached.
        RecordingSink broken = new() { FailOnWrite = "boom", FailRollback = true };
        Exception? both = await CatchAsync(() => new BatchImporter(_ => Task.FromResult<IBatchSink>(broken), TimeSpan.FromSeconds(5)).ImportAsync(["ok", "boom"], CancellationToken.None));
        Check(both is FormatException && BatchImporter.CleanupErrorOf(both) is InvalidOperationException && broken.Closed,
            "a failed rollback should be attached to the original error, which is rethrown unchanged");

        // 4. A rollback that hangs is cut off by its own budget instead of hanging the caller.
        RecordingSink slowRollback = new() { FailOnWrite = "boom", RollbackDelay = System.Threading.Timeout.InfiniteTimeSpan };
        Exception? cut = await CatchAsync(() => new BatchImporter(_ => Task.FromResult<IBatchSink>(slowRollback), TimeSpan.FromMilliseconds(50)).ImportAsync(["boom"], CancellationToken.None));
        Check(cut is FormatException && BatchImporter.CleanupErrorOf(cut) is TimeoutException,
            "a stuck rollback should be given up after the rollback budget and reported");

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
                throw new InvalidOperationException("rollback failed");
            }
            RolledBack = true;
        }

        public bool Closed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Closed = true;
            return ValueTask.CompletedTask;
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
