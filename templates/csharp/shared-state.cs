// @pattern
// id: shared-state
// title: Shared state under concurrency: async lock and single-flight
// summary: Guard a read-modify-write that awaits in the middle with SemaphoreSlim(1, 1), and collapse concurrent requests for the same key into one in-flight operation whose result every caller shares, each caller keeping its own cancellation.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.SemaphoreSlim.WaitAsync, System.Threading.SemaphoreSlim.Release, System.Collections.Concurrent.ConcurrentDictionary.GetOrAdd, System.Collections.Concurrent.ConcurrentDictionary.TryRemove, System.Threading.Tasks.TaskCompletionSource, System.Threading.Tasks.Task.WaitAsync, System.Collections.Generic.KeyValuePair.Create
// pitfalls: lock cannot contain await (CS1996) and Monitor released on another thread after an await throws, so an async critical section needs SemaphoreSlim; SemaphoreSlim is not reentrant: awaiting the same lock again inside the section deadlocks; a read-modify-write split by an await (read, await save, write) loses updates without a lock even on one thread; running the shared operation with the first caller's token lets that caller's cancellation fail everyone, so run it with a token of its own and let each caller stop waiting with WaitAsync; keeping a failed task in the map caches the failure forever, so remove the entry when the operation ends; for short synchronous sections a plain lock is cheaper (System.Threading.Lock on .NET 9+)
// rules: race-condition
// tags: async lock, SemaphoreSlim, single-flight, deduplication, race condition
// fallback: dotnet 6: replace ArgumentOutOfRangeException.ThrowIfNegativeOrZero (.NET 8) with an if and throw; in the self-check CancelAsync (.NET 8) becomes Cancel()
// @end

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.SharedState;

/// <summary>A balance whose every change is persisted before it becomes visible; changes never interleave.</summary>
public sealed class Account : IDisposable
{
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private readonly Func<decimal, CancellationToken, Task> _persist;
    private decimal _balance;

    public Account(Func<decimal, CancellationToken, Task> persist)
    {
        ArgumentNullException.ThrowIfNull(persist);
        _persist = persist;
    }

    public async Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        // Outside the try: a cancelled wait holds nothing, so it must not release.
        await _mutex.WaitAsync(cancellationToken);
        try
        {
            // Read, await, write: without the semaphore two deposits would both read the old balance.
            decimal next = _balance + amount;
            await _persist(next, cancellationToken);
            _balance = next; // only after the save succeeded
            return next;
        }
        finally
        {
            _mutex.Release();
        }
    }

    public void Dispose() => _mutex.Dispose();
}

/// <summary>
/// Concurrent requests for the same key share one run of the operation (a cache refresh, a token renewal, a
/// slow lookup). The entry is removed when the run ends, so a later request starts a fresh run.
/// </summary>
public sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TaskCompletionSource<TValue>> _inFlight = new();
    private readonly CancellationToken _stopping;

    /// <param name="stopping">Cancels shared runs (e.g. the application's shutdown token); never a caller's token.</param>
    public SingleFlight(CancellationToken stopping = default)
    {
        _stopping = stopping;
    }

    public Task<TValue> RunAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(operation);

        TaskCompletionSource<TValue> candidate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<TValue> flight = _inFlight.GetOrAdd(key, candidate);
        if (ReferenceEquals(flight, candidate))
        {
            // We are first for this key, so we start the shared run. It is not awaited here on purpose: it
            // reports only through `flight` and never throws, so nothing goes unobserved.
            _ = FlyAsync(key, flight, operation);
        }
        // Each caller stops waiting on its own token; the shared run goes on for the others.
        return flight.Task.WaitAsync(cancellationToken);
    }

    private async Task FlyAsync(TKey key, TaskCompletionSource<TValue> flight, Func<TKey, CancellationToken, Task<TValue>> operation)
    {
        try
        {
            TValue value = await operation(key, _stopping);
            Forget(key, flight);
            flight.SetResult(value);
        }
        catch (OperationCanceledException ex) when (_stopping.IsCancellationRequested)
        {
            Forget(key, flight);
            flight.SetCanceled(ex.CancellationToken);
        }
        catch (Exception ex) // handed to every waiting caller through the shared task
        {
            Forget(key, flight);
            flight.SetException(ex);
        }
    }

    // Removed before completing, so a caller that sees the result and asks again starts a new run. The
    // key-and-value overload removes only our own entry, never a newer flight for the same key.
    private void Forget(TKey key, TaskCompletionSource<TValue> flight) => _inFlight.TryRemove(KeyValuePair.Create(key, flight));
}

public static class SelfCheck
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // turns a hang into a failure

    public static async Task RunAsync()
    {
        // 1. 100 concurrent deposits, each awaiting a save in the middle: no update lost, saves never overlap.
        int saving = 0;
        int overlapped = 0;
        using Account account = new(async (decimal _, CancellationToken token) =>
        {
            if (Interlocked.Increment(ref saving) > 1)
            {
                Interlocked.Increment(ref overlapped);
            }
            await Task.Delay(1, token);
            Interlocked.Decrement(ref saving);
        });
        Task<decimal>[] deposits = new Task<decimal>[100];
        for (int i = 0; i < deposits.Length; i++)
        {
            deposits[i] = Task.Run(() => account.DepositAsync(1m));
        }
        decimal[] balances = await Task.WhenAll(deposits).WaitAsync(Guard);
        Check(Max(balances) == 100m, $"expected final balance 100, got {Max(balances)}");
        Check(overlapped == 0, $"saves overlapped {overlapped} times");

        // 2. 20 concurrent callers for one key share a single run and its value.
        SingleFlight<string, int> flights = new();
        int runs = 0;
        TaskCompletionSource<int> gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<string, CancellationToken, Task<int>> slowLookup = async (string _, CancellationToken _) =>
        {
            Interlocked.Increment(ref runs);
            return await gate.Task;
        };
        Task<int>[] callers = new Task<int>[20];
        for (int i = 0; i < callers.Length; i++)
        {
            callers[i] = flights.RunAsync("user:42", slowLookup);
        }
        gate.SetResult(7);
        int[] values = await Task.WhenAll(callers).WaitAsync(Guard);
        Check(runs == 1, $"one shared run expected, got {runs}");
        Check(Array.TrueForAll(values, v => v == 7), "every caller gets the shared value");

        // 3. After the run ended, the next request runs again (no stale caching); other keys run separately.
        int again = await flights.RunAsync("user:42", (string _, CancellationToken _) => Task.FromResult(Interlocked.Increment(ref runs)));
        Check(again == 2 && runs == 2, "a request after completion starts a new run");
        int other = await flights.RunAsync("user:43", (string _, CancellationToken _) => Task.FromResult(Interlocked.Increment(ref runs)));
        Check(other == 3, "a different key has its own run");

        // 4. One caller gives up: it alone gets OperationCanceledException; the run and the others carry on.
        TaskCompletionSource<int> slowGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool runSawCancellation = false;
        Func<string, CancellationToken, Task<int>> guarded = async (string _, CancellationToken token) =>
        {
            int result = await slowGate.Task;
            runSawCancellation = token.IsCancellationRequested;
            return result;
        };
        using CancellationTokenSource impatient = new();
        Task<int> leaving = flights.RunAsync("report", guarded, impatient.Token);
        Task<int> staying = flights.RunAsync("report", guarded);
        await impatient.CancelAsync();
        Check(await CatchAsync(() => leaving) is OperationCanceledException, "the impatient caller gets OperationCanceledException");
        slowGate.SetResult(11);
        Check(await staying.WaitAsync(Guard) == 11 && !runSawCancellation, "the patient caller still gets the value from an uncancelled run");

        // 5. A failure reaches every waiting caller and is not cached.
        TaskCompletionSource<int> failGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> first = flights.RunAsync("flaky", (string _, CancellationToken _) => failGate.Task);
        Task<int> second = flights.RunAsync("flaky", (string _, CancellationToken _) => Task.FromResult(-1));
        failGate.SetException(new TimeoutException("backend timeout"));
        Check(await CatchAsync(() => first) is TimeoutException && await CatchAsync(() => second) is TimeoutException, "both callers see the shared failure");
        Check(await flights.RunAsync("flaky", (string _, CancellationToken _) => Task.FromResult(5)) == 5, "after a failure the next request runs afresh");
    }

    private static decimal Max(decimal[] values)
    {
        decimal max = decimal.MinValue;
        foreach (decimal value in values)
        {
            max = Math.Max(max, value);
        }
        return max;
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
            throw new InvalidOperationException("shared-state self-check failed: " + message);
        }
    }
}
