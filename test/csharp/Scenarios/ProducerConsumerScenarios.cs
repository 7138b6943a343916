using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.ProducerConsumer;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class ProducerConsumerScenarios
{
    private const string P = "producer-consumer";

    /// <summary>A producer's source: counts the items it yielded, records whether it finished or was closed.</summary>
    private sealed class Source(int count, int failAfter = -1)
    {
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);
        public bool Closed { get; private set; }
        public bool Exhausted { get; private set; }

        public async IAsyncEnumerable<int> Items([EnumeratorCancellation] CancellationToken token = default)
        {
            try
            {
                for (int i = 0; i < count; i++)
                {
                    await Task.Yield();
                    token.ThrowIfCancellationRequested();
                    if (i == failAfter)
                    {
                        throw new InvalidOperationException($"source broke after {failAfter} items");
                    }
                    Interlocked.Increment(ref _produced);
                    yield return i;
                }
                Exhausted = true;
            }
            finally
            {
                Closed = true;
            }
        }
    }

    [Item(P, "bounded-buffer")]
    public static async Task BoundedBuffer()
    {
        const int Capacity = 5;
        const int Consumers = 2;
        const int Bound = Capacity + Consumers + 1;
        Source source = new(200);
        int handled = 0;
        int worst = 0;
        TaskCompletionSource hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        void Sample()
        {
            int ahead = source.Produced - Volatile.Read(ref handled);
            int seen;
            while (ahead > (seen = Volatile.Read(ref worst)) && Interlocked.CompareExchange(ref worst, ahead, seen) != seen)
            {
            }
        }
        Task run = Pipeline.RunAsync(source.Items(), async (int _, CancellationToken token) =>
        {
            Sample();
            await hold.Task.WaitAsync(token); // the consumers stall until the producer has had every chance to run ahead
            await Task.Delay(1, token); // then stay slower than the producer
            Interlocked.Increment(ref handled);
            Sample();
        }, Capacity, Consumers);
        // Stalled consumers: one item each in hand, the queue full, one more item waiting in the producer's put.
        await Until(() => source.Produced >= Bound, $"{Bound} items produced");
        await Task.Delay(100); // real time in which a producer without backpressure would pull on
        int producedWhileStalled = source.Produced;
        hold.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Expect(producedWhileStalled == Bound, $"with the consumers stalled the producer stopped at {producedWhileStalled}, bound {Bound}");
        Expect(handled == 200, $"all 200 handled, {handled} were");
        Expect(worst <= Bound, $"produced minus handled reached {worst}, bound {Bound}");
    }

    [Item(P, "every-item-once")]
    public static async Task EveryItemOnce()
    {
        int[] seen = new int[200];
        Source source = new(200);
        TaskCompletionSource hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task run = Pipeline.RunAsync(source.Items(), async (int item, CancellationToken token) =>
        {
            Interlocked.Increment(ref seen[item]);
            await hold.Task.WaitAsync(token); // the queue fills up: a queue that drops or overwrites would lose items now
            await Task.Yield();
        }, capacity: 5, consumerCount: 3);
        await Until(() => source.Produced >= 5 + 3 + 1, "the queue is full");
        await Task.Delay(50);
        hold.SetResult();
        await run.WaitAsync(Patience);
        Expect(seen.All(n => n == 1), $"each of 200 handled once through three consumers; counts seen: {string.Join(",", seen.Distinct())}");

        List<int> order = new();
        await Pipeline.RunAsync(new Source(200).Items(), async (int item, CancellationToken _) =>
        {
            order.Add(item);
            await Task.Yield();
        }, capacity: 5, consumerCount: 1).WaitAsync(Patience);
        Expect(order.SequenceEqual(Enumerable.Range(0, 200)), "through one consumer, in the order they were put");
    }

    [Item(P, "close-drains")]
    public static async Task CloseDrains()
    {
        Source source = new(10);
        int handled = 0;
        TaskCompletionSource hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task run = Pipeline.RunAsync(source.Items(), async (int _, CancellationToken token) =>
        {
            await hold.Task.WaitAsync(token);
            Interlocked.Increment(ref handled);
        }, capacity: 10, consumerCount: 2);
        // The producer puts all 10 and finishes while nothing has been handled yet.
        await Until(() => source.Closed, "the producer finished");
        Expect(source.Exhausted && handled == 0, "the producer ended before any item was handled");
        hold.SetResult();
        await run.WaitAsync(Patience);
        Expect(handled == 10, $"every queued item was handled after the producer ended, {handled} were");
    }

    [Item(P, "consumer-failure-stops-producer")]
    public static async Task ConsumerFailureStopsProducer()
    {
        Source source = new(int.MaxValue);
        bool closedWhenRaised = false;
        Exception? caught = await CatchAsync(async () =>
        {
            try
            {
                await Pipeline.RunAsync(source.Items(), async (int item, CancellationToken token) =>
                {
                    if (item == 7)
                    {
                        // Fail only once the producer waits on the full queue: item 8 in the other consumer's
                        // hands, 9 and 10 queued, 11 in the producer's put.
                        await Until(() => source.Produced >= 12, "the producer is blocked on a full queue");
                        throw new FormatException("bad item 7");
                    }
                    if (item > 7)
                    {
                        await HangUntilCancelled<int>(token); // the other consumer must be stopped too
                    }
                    await Task.Yield();
                }, capacity: 2, consumerCount: 2).WaitAsync(Patience);
            }
            finally
            {
                closedWhenRaised = source.Closed;
            }
        });
        Expect(caught is FormatException { Message: "bad item 7" }, $"the call ends with the consumer's failure, got {caught}");
        Expect(closedWhenRaised, $"the producer's source was closed by then (produced {source.Produced})");
    }

    [Item(P, "producer-failure-stops-consumers")]
    public static async Task ProducerFailureStopsConsumers()
    {
        Source source = new(100, failAfter: 3);
        int sawCancel = 0;
        Exception? caught = await CatchAsync(() => Pipeline.RunAsync(source.Items(), async (int item, CancellationToken token) =>
        {
            if (item == 0)
            {
                // One consumer stays mid-item until stopped; the others wait on the empty queue.
                await HangUntilCancelled<int>(token, () => Interlocked.Increment(ref sawCancel));
            }
        }, capacity: 4, consumerCount: 3).WaitAsync(Patience));
        Expect(caught is InvalidOperationException { Message: "source broke after 3 items" }, $"the call ends with the producer's error, got {caught}");
        Expect(sawCancel == 1, "the consumer mid-item was stopped");
    }

    [Item(P, "caller-cancel-stops-all")]
    public static async Task CallerCancelStopsAll()
    {
        Source source = new(int.MaxValue);
        using CancellationTokenSource caller = new();
        int midItem = 0;
        int sawCancel = 0;
        Task run = Pipeline.RunAsync(source.Items(), async (int _, CancellationToken token) =>
        {
            Interlocked.Increment(ref midItem);
            await HangUntilCancelled<int>(token, () => Interlocked.Increment(ref sawCancel));
        }, capacity: 2, consumerCount: 2, caller.Token);
        // Two consumers mid-item, two items queued, the producer waiting to put a fifth.
        await Until(() => Volatile.Read(ref midItem) == 2 && source.Produced >= 5, "the queue is full and both consumers are busy");
        await caller.CancelAsync();
        Exception? caught = await CatchAsync(() => run.WaitAsync(Patience));
        Expect(caught is OperationCanceledException oce && oce.CancellationToken == caller.Token, $"the call ends with the caller's cancellation, got {caught}");
        Expect(sawCancel == 2, $"both consumers were stopped, {sawCancel} were");
        Expect(source.Closed, "the producer was stopped and its source closed");
    }
}
