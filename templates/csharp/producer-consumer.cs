// @pattern
// id: producer-consumer
// title: Producer-consumer with backpressure over a bounded channel
// summary: A producer feeds a bounded Channel and waits when it is full, so it can never run more than the capacity ahead of the consumers; completion flows from producer to consumers, and a failure on either side cancels the other.
// minimum: dotnet 8, csharp 12
// apis: System.Threading.Channels.Channel.CreateBounded, System.Threading.Channels.BoundedChannelOptions, System.Threading.Channels.BoundedChannelFullMode.Wait, System.Threading.Channels.ChannelWriter.WriteAsync, System.Threading.Channels.ChannelWriter.TryComplete, System.Threading.Channels.ChannelReader.ReadAllAsync, System.Threading.CancellationTokenSource.CreateLinkedTokenSource, System.Threading.Tasks.Task.WhenAll
// pitfalls: Channel.CreateUnbounded (or a ConcurrentQueue) has no backpressure: a fast producer fills memory; a writer that is never completed leaves the consumers' ReadAllAsync waiting forever; when a consumer fails, a producer blocked on a full channel waits forever unless it is cancelled too; TryWrite on a full bounded channel returns false (and DropOldest/DropWrite lose items silently), so use WriteAsync when every item matters; BlockingCollection blocks a thread per waiting producer or consumer
// rules: unbounded-concurrency, dangling-task
// tags: channel, producer-consumer, backpressure, pipeline, queue
// fallback: dotnet 6: Channels and WithCancellation are there; CancelAsync (.NET 8) becomes Cancel() and ArgumentOutOfRangeException.ThrowIfNegativeOrZero (.NET 8) an if and throw
// @end

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.ProducerConsumer;

public static class Pipeline
{
    /// <summary>
    /// Copies <paramref name="source"/> into a channel of <paramref name="capacity"/> items, drained by
    /// <paramref name="consumerCount"/> consumers running <paramref name="consume"/>. Completes when every item
    /// has been consumed; the first failure (producer or consumer) cancels the rest and is rethrown.
    /// </summary>
    public static async Task RunAsync<T>(
        IAsyncEnumerable<T> source,
        Func<T, CancellationToken, ValueTask> consume,
        int capacity,
        int consumerCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(consume);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(consumerCount);

        Channel<T> channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // the backpressure: WriteAsync waits for room
            SingleWriter = true,
            SingleReader = consumerCount == 1,
        });
        // One token for both sides: whichever fails first stops the other. Local functions share it; the
        // await below ends only after every worker has finished, so the using cannot dispose it under them.
        using CancellationTokenSource failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        Task producer = ProduceAsync();
        Task consumers = Task.WhenAll(Enumerable.Range(0, consumerCount).Select(_ => ConsumeAsync()));
        // Tasks that ended by cancellation do not contribute exceptions to a faulted WhenAll, so what is
        // rethrown here is the root cause, not the cancellations it triggered.
        try
        {
            await Task.WhenAll(producer, consumers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The workers saw the linked token; the caller should see its own, as from any other cancellable call.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }

        async Task ProduceAsync()
        {
            try
            {
                await foreach (T item in source.WithCancellation(failFast.Token))
                {
                    await channel.Writer.WriteAsync(item, failFast.Token);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !failFast.IsCancellationRequested)
            {
                await failFast.CancelAsync();
                throw;
            }
            finally
            {
                // Always complete, or the consumers wait for items that will never come.
                channel.Writer.TryComplete();
            }
        }

        async Task ConsumeAsync()
        {
            try
            {
                await foreach (T item in channel.Reader.ReadAllAsync(failFast.Token))
                {
                    await consume(item, failFast.Token);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !failFast.IsCancellationRequested)
            {
                // Without this the producer could sit on a full channel forever.
                await failFast.CancelAsync();
                throw;
            }
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // 1. Every item consumed exactly once, and the producer never more than capacity (+ items in the
        //    consumers' hands) ahead of the consumers.
        const int Capacity = 3;
        const int Consumers = 2;
        int produced = 0;
        int received = 0;
        int maxAhead = 0;
        int[] seen = new int[50];
        await Pipeline.RunAsync(
            Count(50, onYield: () =>
            {
                // Runs when the producer asks for the next item, i.e. after the previous WriteAsync finished.
                int ahead = Volatile.Read(ref produced) - Volatile.Read(ref received);
                maxAhead = Math.Max(maxAhead, ahead);
                produced++;
            }),
            async (int item, CancellationToken token) =>
            {
                Interlocked.Increment(ref received);
                Interlocked.Increment(ref seen[item]);
                await Task.Delay(1, token); // slow consumers: the producer must wait for them
            },
            Capacity,
            Consumers);
        Check(Array.TrueForAll(seen, n => n == 1), "every item must be consumed exactly once");
        Check(maxAhead <= Capacity + Consumers, $"producer ran {maxAhead} items ahead; bound is {Capacity + Consumers}");

        // 2. Backpressure, step by step: a stalled consumer holds item 0, the channel holds 3 more, the producer
        //    pulls a fifth and then waits in WriteAsync instead of reading on through its source.
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int pulled = 0;
        Task stalled = Pipeline.RunAsync(
            Count(100, onYield: () => Interlocked.Increment(ref pulled)),
            async (int _, CancellationToken token) => await gate.Task.WaitAsync(token),
            capacity: 3,
            consumerCount: 1);
        await WaitUntilAsync(() => Volatile.Read(ref pulled) >= 5);
        await Task.Delay(50); // room for an unbounded pipeline to pull on; a bounded one cannot, however long we wait
        Check(Volatile.Read(ref pulled) == 5, $"the producer should be parked after 5 items, pulled {pulled}");
        gate.SetResult();
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        Check(pulled == 100, $"after the consumer resumes everything flows, pulled {pulled}");

        // 3. A failing consumer stops a producer that would otherwise block on the full channel forever.
        int producedBeforeStop = 0;
        Exception? caught = await CatchAsync(() => Pipeline.RunAsync(
            Count(int.MaxValue, onYield: () => producedBeforeStop++),
            (int item, CancellationToken _) => item == 5 ? throw new FormatException("bad item 5") : ValueTask.CompletedTask,
            capacity: 2,
            consumerCount: 1).WaitAsync(TimeSpan.FromSeconds(30)));
        Check(caught is FormatException, $"the consumer's failure should be rethrown, got {caught?.GetType().Name ?? "none"}");
        Check(producedBeforeStop < 1000, $"the producer should have been stopped, produced {producedBeforeStop}");

        // 4. A failing producer: the consumers stop and the producer's error is rethrown.
        caught = await CatchAsync(() => Pipeline.RunAsync(
            Failing(afterItems: 4),
            (int _, CancellationToken token) => new ValueTask(Task.Delay(1, token)),
            capacity: 2,
            consumerCount: 3).WaitAsync(TimeSpan.FromSeconds(30)));
        Check(caught is InvalidOperationException { Message: "source broke" }, $"the producer's failure should be rethrown, got {caught?.GetType().Name ?? "none"}");

        // 5. The caller cancels: everything stops with OperationCanceledException.
        using CancellationTokenSource cancel = new();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
        caught = await CatchAsync(() => Pipeline.RunAsync(
            Count(int.MaxValue, onYield: () => { }),
            (int _, CancellationToken token) => new ValueTask(Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token)),
            capacity: 4,
            consumerCount: 2,
            cancel.Token).WaitAsync(TimeSpan.FromSeconds(30)));
        Check(caught is OperationCanceledException, $"caller cancellation should surface as OperationCanceledException, got {caught?.GetType().Name ?? "none"}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource guard = new(TimeSpan.FromSeconds(30)); // fail rather than hang
        while (!condition())
        {
            await Task.Delay(1, guard.Token);
        }
    }

    private static async IAsyncEnumerable<int> Count(int count, Action onYield, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            onYield();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> Failing(int afterItems, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < afterItems; i++)
        {
            await Task.Delay(1, cancellationToken);
            yield return i;
        }
        throw new InvalidOperationException("source broke");
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
            throw new InvalidOperationException("producer-consumer self-check failed: " + message);
        }
    }
}
