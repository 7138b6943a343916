// @pattern
// id: structured-concurrency
// title: Structured concurrency with a linked CancellationTokenSource
// summary: Start child tasks inside a scope that owns a linked CancellationTokenSource: the first failure cancels the siblings, the scope reports every real failure (the one, or an AggregateException of all) rather than the cancellations it caused, and no child outlives the scope, even when the caller's code throws first.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.CancellationTokenSource.CreateLinkedTokenSource, System.Threading.CancellationTokenSource.CancelAsync, System.Threading.Tasks.Task.Run, System.Threading.Tasks.Task.WhenAll, System.AggregateException, System.IAsyncDisposable, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw
// pitfalls: a task started and never awaited (fire-and-forget) outlives its caller, and its exception is lost; Task.WhenAll waits for every task even after one has failed, so without a shared token the siblings run to completion for nothing; rethrowing the first exception WhenAll sees can report a sibling's OperationCanceledException instead of the root cause, and keeping only the first drops the others that failed at the same moment; leaving a scope by an exception must still cancel and await the children, which is what await using does here; .NET has no built-in task group, so keep the scope small and well tested rather than improvising per call site
// rules: dangling-task, floating-promise, swallowed-error
// tags: structured concurrency, task group, linked cancellation, IAsyncDisposable
// fallback: dotnet 6: CancelAsync (.NET 8) becomes Cancel() and ObjectDisposedException.ThrowIf (.NET 7) becomes if (_disposed) throw new ObjectDisposedException(nameof(TaskScope))
// @end

using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.StructuredConcurrency;

/// <summary>
/// A task group. Children receive the scope's token; the first child failure cancels the others. Use with
/// <c>await using</c> and call <see cref="JoinAsync"/> at the end of the block:
/// <code>
/// await using TaskScope scope = new(cancellationToken);
/// Task&lt;User&gt; user = scope.Start(token =&gt; LoadUserAsync(id, token));
/// Task&lt;Order[]&gt; orders = scope.Start(token =&gt; LoadOrdersAsync(id, token));
/// await scope.JoinAsync();
/// </code>
/// Only the owner and the scope's own children may call Start.
/// </summary>
public sealed class TaskScope : IAsyncDisposable
{
    private readonly CancellationToken _parent;
    private readonly CancellationTokenSource _cancellation;
    private readonly List<Task> _observers = new();
    private readonly object _gate = new();
    private readonly List<Exception> _failures = new();
    private bool _joined;
    private bool _disposed;

    public TaskScope(CancellationToken parent = default)
    {
        _parent = parent;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(parent);
    }

    /// <summary>Cancelled when the parent is cancelled, a child fails, or the scope is disposed.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>
    /// Starts a child whose only outcome is success or failure. Returns nothing on purpose: the scope observes
    /// the child, and JoinAsync reports its failure.
    /// </summary>
    public void Start(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Track(token => Task.Run(() => work(token), token));
    }

    /// <summary>Starts a child with a result; await the returned task after JoinAsync to read it.</summary>
    public Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Track(token => Task.Run(() => work(token), token));
    }

    /// <summary>
    /// Waits for every child (including children started by children), then rethrows the failure when one child
    /// failed, an AggregateException of every failure, in the order they happened, when several did, or
    /// OperationCanceledException when the parent token was cancelled. Cancellations the scope caused are not failures.
    /// </summary>
    public async Task JoinAsync()
    {
        await DrainAsync(closeWhenDrained: true);
        Exception[] failures;
        lock (_gate)
        {
            failures = _failures.ToArray();
        }
        if (failures.Length == 1)
        {
            // Rethrow with the child's original stack trace rather than a new one from here.
            ExceptionDispatchInfo.Throw(failures[0]);
        }
        if (failures.Length > 1)
        {
            throw new AggregateException("Several children of the scope failed.", failures);
        }
        _parent.ThrowIfCancellationRequested();
    }

    /// <summary>Cancels whatever is still running and waits for it: nothing started here survives the scope.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        await _cancellation.CancelAsync();
        await DrainAsync(closeWhenDrained: false);
        _cancellation.Dispose();
    }

    private TTask Track<TTask>(Func<CancellationToken, TTask> start)
        where TTask : Task
    {
        lock (_gate)
        {
            // Checked before starting: refused work must not run untracked.
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_joined)
            {
                throw new InvalidOperationException("The scope has been joined; start new work in a new scope.");
            }
        }
        TTask child = start(Token);
        // Observed outside the lock: the observer runs synchronously when the child has already finished.
        Task observer = ObserveAsync(child);
        lock (_gate)
        {
            _observers.Add(observer);
        }
        return child;
    }

    private async Task ObserveAsync(Task child)
    {
        try
        {
            await child;
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Cancelled by the scope (a sibling failed, the parent or the owner cancelled): not a root cause.
        }
        catch (Exception ex) // every child failure is recorded and reported by JoinAsync; the first one cancels the rest
        {
            bool first;
            lock (_gate)
            {
                _failures.Add(ex);
                first = _failures.Count == 1;
            }
            if (first)
            {
                await _cancellation.CancelAsync();
            }
        }
    }

    private async Task DrainAsync(bool closeWhenDrained)
    {
        // Children may start children, so wait until a pass finds no new observers. A child registers its own
        // children before it finishes, so once a pass finds nothing new, nothing is left running.
        int awaited = 0;
        while (true)
        {
            Task[] pending;
            lock (_gate)
            {
                if (_observers.Count == awaited)
                {
                    _joined |= closeWhenDrained;
                    return;
                }
                pending = _observers.GetRange(awaited, _observers.Count - awaited).ToArray();
                awaited = _observers.Count;
            }
            await Task.WhenAll(pending); // observers never throw
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // 1. One child fails: the siblings are cancelled, JoinAsync rethrows the failure itself, all children ended.
        int started = 0;
        int finished = 0;
        TaskCompletionSource allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? caught = null;
        try
        {
            await using TaskScope scope = new();
            for (int i = 0; i < 3; i++)
            {
                scope.Start(async token =>
                {
                    try
                    {
                        if (Interlocked.Increment(ref started) == 3)
                        {
                            allStarted.SetResult();
                        }
                        await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                    }
                    finally
                    {
                        Interlocked.Increment(ref finished);
                    }
                });
            }
            scope.Start(async token =>
            {
                await allStarted.Task.WaitAsync(token); // fail only once the siblings are really running
                throw new InvalidOperationException("child failed");
            });
            await scope.JoinAsync();
        }
        catch (Exception ex) // the self-check inspects the exception type
        {
            caught = ex;
        }
        Check(caught is InvalidOperationException { Message: "child failed" }, $"JoinAsync should rethrow the child's failure, got {caught?.GetType().Name ?? "none"}");
        Check(finished == 3, $"all three siblings should have been cancelled and finished, got {finished}");

        // 2. Results, and a grandchild started by a child is awaited too.
        int grandchildDone = 0;
        await using (TaskScope scope = new())
        {
            Task<int> a = scope.Start(async token =>
            {
                await Task.Delay(5, token);
                return 2;
            });
            Task<int> b = scope.Start(token =>
            {
                scope.Start(async inner =>
                {
                    await Task.Delay(30, inner);
                    Interlocked.Exchange(ref grandchildDone, 1);
                });
                return Task.FromResult(3);
            });
            await scope.JoinAsync();
            Check(await a + await b == 5, "child results should be available after JoinAsync");
            Check(Volatile.Read(ref grandchildDone) == 1, "JoinAsync should wait for work started by children");
        }

        // 3. The owner's code throws before JoinAsync: disposal cancels and awaits the children anyway.
        int leftBehind = 0;
        TaskCompletionSource running = new(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using TaskScope scope = new();
            scope.Start(async token =>
            {
                try
                {
                    running.SetResult();
                    await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                }
                finally
                {
                    Interlocked.Increment(ref leftBehind);
                }
            });
            await running.Task; // the child is inside its delay, not merely queued
            throw new FormatException("owner failed before joining");
        }
        catch (FormatException)
        {
            // expected: what matters is the child's state below
        }
        Check(Volatile.Read(ref leftBehind) == 1, "disposing the scope must cancel and await its children");

        // 4. The parent token is cancelled: JoinAsync reports cancellation, not a child failure.
        using CancellationTokenSource parent = new();
        caught = null;
        try
        {
            await using TaskScope scope = new(parent.Token);
            scope.Start(token => Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token));
            parent.CancelAfter(20);
            await scope.JoinAsync();
        }
        catch (Exception ex) // the self-check inspects the exception type
        {
            caught = ex;
        }
        Check(caught is OperationCanceledException, $"parent cancellation should surface as OperationCanceledException, got {caught?.GetType().Name ?? "none"}");

        // 5. After JoinAsync the scope refuses new work instead of leaking it.
        await using TaskScope closed = new();
        await closed.JoinAsync();
        caught = null;
        try
        {
            closed.Start(_ => Task.CompletedTask);
        }
        catch (InvalidOperationException ex)
        {
            caught = ex;
        }
        Check(caught is not null, "Start after JoinAsync should throw");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("structured-concurrency self-check failed: " + message);
        }
    }
}
