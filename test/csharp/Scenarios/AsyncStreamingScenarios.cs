using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.AsyncStreaming;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class AsyncStreamingScenarios
{
    private const string P = "async-streaming";

    /// <summary>A source of 1..count that records how far it was pulled and whether its finally ran.</summary>
    private sealed class Source(int count)
    {
        public int Pulled { get; private set; }
        public bool Closed { get; private set; }

        public async IAsyncEnumerable<int> Items([EnumeratorCancellation] CancellationToken token = default)
        {
            try
            {
                for (int i = 1; i <= count; i++)
                {
                    await Task.Yield();
                    token.ThrowIfCancellationRequested();
                    Pulled = i;
                    yield return i;
                }
            }
            finally
            {
                Closed = true;
            }
        }
    }

    private static Func<string?, CancellationToken, Task<Page<int>>> ThreePages(Action<string?> onFetch) => (cursor, _) =>
    {
        onFetch(cursor);
        int page = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new Page<int>([page * 3 + 1, page * 3 + 2, page * 3 + 3], page < 2 ? $"{page + 1}" : null));
    };

    [Item(P, "lazy-pull")]
    public static async Task LazyPull()
    {
        int fetches = 0;
        List<int> taken = new();
        await foreach (int item in AsyncStreams.ReadAllPagesAsync(ThreePages(_ => fetches++)))
        {
            taken.Add(item);
            if (taken.Count == 2)
            {
                break;
            }
        }
        Expect(taken.Count == 2 && fetches == 1, $"two items from exactly one fetched page, {fetches} fetched");
    }

    [Item(P, "closed-on-early-exit")]
    public static async Task ClosedOnEarlyExit()
    {
        Source source = new(100);
        int seen = 0;
        await foreach (IReadOnlyList<int> batch in source.Items().BatchAsync(1))
        {
            if (++seen == 2)
            {
                break;
            }
        }
        Expect(source.Closed && source.Pulled == 2, $"the source's finally ran by the next line, pulled {source.Pulled}");
    }

    [Item(P, "closed-on-error")]
    public static async Task ClosedOnError()
    {
        Source source = new(100);
        Exception? caught = await CatchAsync(async () =>
        {
            await foreach (IReadOnlyList<int> batch in source.Items().BatchAsync(1))
            {
                if (batch[0] == 4)
                {
                    throw new FormatException("item 4 is malformed");
                }
            }
        });
        Expect(caught is FormatException { Message: "item 4 is malformed" } && source.Closed, $"the source closed and the caller got the error, got {caught}");
    }

    [Item(P, "cancel-stops-fetching")]
    public static async Task CancelStopsFetching()
    {
        Clock clock = new();
        using CancellationTokenSource cancel = new();
        int fetches = 0;
        bool secondSawCancel = false;
        Task consume = Task.Run(async () =>
        {
            await foreach (int _ in AsyncStreams.ReadAllPagesAsync<int>(async (cursor, token) =>
            {
                fetches++;
                if (cursor is not null)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(10), clock, token);
                    }
                    catch (OperationCanceledException)
                    {
                        secondSawCancel = true;
                        throw;
                    }
                }
                return new Page<int>([1, 2, 3], $"{fetches}");
            }, cancel.Token))
            {
            }
        });
        await Until(() => clock.LiveTimers >= 1, "the second page is being fetched");
        await cancel.CancelAsync();
        Exception? caught = await CatchAsync(() => consume.WaitAsync(Patience));
        Expect(caught is OperationCanceledException && secondSawCancel && fetches == 2, $"the fetch saw the cancellation and no third started ({fetches} fetches), got {caught}");
        Expect(clock.LiveTimers == 0, "nothing stays scheduled");
    }

    [Item(P, "arguments-checked-at-call")]
    public static Task ArgumentsCheckedAtCall()
    {
        Source source = new(3);
        Exception? caught = null;
        try
        {
            _ = source.Items().BatchAsync(0);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            caught = ex;
        }
        Expect(caught is ArgumentOutOfRangeException { ParamName: "size" } && source.Pulled == 0, $"the call itself names the parameter, got {caught}");
        return Task.CompletedTask;
    }
}
