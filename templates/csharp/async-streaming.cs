// @pattern
// id: async-streaming
// title: Async streams with IAsyncEnumerable
// summary: Expose a paged or incremental source as IAsyncEnumerable that fetches lazily, takes its token through [EnumeratorCancellation] so WithCancellation reaches it, releases what it holds when the consumer stops early, and compose it with small async operators such as batching.
// minimum: dotnet 8, csharp 12
// apis: System.Collections.Generic.IAsyncEnumerable, System.Runtime.CompilerServices.EnumeratorCancellationAttribute, System.Threading.Tasks.TaskAsyncEnumerableExtensions.WithCancellation, System.IO.StreamReader.ReadLineAsync
// pitfalls: argument checks inside an async iterator run only at the first MoveNextAsync, far from the faulty call: validate in a plain method that returns the iterator; an async iterator without [EnumeratorCancellation] ignores the token given through WithCancellation (the compiler warns with CS8425); materialising the whole stream in a List before returning loses the laziness and the memory bound; cleanup in an async iterator belongs in finally, which runs when the consumer breaks out of await foreach or throws, not only at the natural end; enumerating the same IAsyncEnumerable twice re-runs the source (two fetches); returning Task<List<T>> forces the caller to wait for the last page before seeing the first; System.Linq.AsyncEnumerable (Where, Select, Take over IAsyncEnumerable) is in the base library only from .NET 10: on .NET 8 write small operators like BatchAsync or use the System.Linq.Async package
// rules: await-in-loop
// tags: IAsyncEnumerable, await foreach, async iterator, streaming, pagination
// fallback: dotnet 6: replace ArgumentOutOfRangeException.ThrowIfNegativeOrZero (.NET 8) with an if and throw, and reader.ReadLineAsync(cancellationToken) (.NET 7) with reader.ReadLineAsync() plus cancellationToken.ThrowIfCancellationRequested() before each line
// @end

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.AsyncStreaming;

/// <summary>One page of a cursor-paginated API: the items and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class AsyncStreams
{
    /// <summary>
    /// Yields the items of every page, fetching the next page only when the consumer has used the current one.
    /// </summary>
    public static IAsyncEnumerable<T> ReadAllPagesAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> fetchPage,
        CancellationToken cancellationToken = default)
    {
        // Checked here, at the call: inside the iterator it would only run at the first MoveNextAsync.
        ArgumentNullException.ThrowIfNull(fetchPage);
        return ReadAllPagesCoreAsync(fetchPage, cancellationToken);
    }

    private static async IAsyncEnumerable<T> ReadAllPagesCoreAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> fetchPage,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            // Each fetch depends on the previous page's cursor, so awaiting inside the loop is the point here.
            Page<T> page = await fetchPage(cursor, cancellationToken);
            foreach (T item in page.Items)
            {
                yield return item;
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Groups a stream into lists of up to <paramref name="size"/> items; the last one may be shorter.</summary>
    public static IAsyncEnumerable<IReadOnlyList<T>> BatchAsync<T>(
        this IAsyncEnumerable<T> source,
        int size,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return BatchCoreAsync(source, size, cancellationToken);
    }

    private static async IAsyncEnumerable<IReadOnlyList<T>> BatchCoreAsync<T>(
        IAsyncEnumerable<T> source,
        int size,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<T> batch = new(size);
        // WithCancellation forwards our token into the source's [EnumeratorCancellation] parameter.
        await foreach (T item in source.WithCancellation(cancellationToken))
        {
            batch.Add(item);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<T>(size);
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Streams the lines of a text stream it does not own. The reader is disposed in every case (the iterator's
    /// finally runs when the consumer stops early), and leaveOpen keeps the caller's stream usable.
    /// </summary>
    public static IAsyncEnumerable<string> ReadLinesAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadLinesCoreAsync(stream, cancellationToken);
    }

    private static async IAsyncEnumerable<string> ReadLinesCoreAsync(
        Stream stream,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using StreamReader reader = new(stream, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is string line)
        {
            yield return line;
        }
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        // A fake API with three pages of three items; it records what was fetched.
        List<string?> fetched = new();
        bool sawLiveToken = true;
        Func<string?, CancellationToken, Task<Page<int>>> fetch = async (string? cursor, CancellationToken token) =>
        {
            await Task.Yield();
            token.ThrowIfCancellationRequested();
            sawLiveToken &= token.CanBeCanceled;
            fetched.Add(cursor);
            int pageIndex = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            int[] items = [pageIndex * 3, pageIndex * 3 + 1, pageIndex * 3 + 2];
            return new Page<int>(items, pageIndex < 2 ? (pageIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        };

        // 1. Nothing is fetched until enumeration starts; all nine items arrive in order across three pages.
        using CancellationTokenSource live = new();
        IAsyncEnumerable<int> all = AsyncStreams.ReadAllPagesAsync(fetch);
        Check(fetched.Count == 0, "creating the stream must not fetch anything");
        List<int> items = new();
        await foreach (int item in all.WithCancellation(live.Token))
        {
            items.Add(item);
        }
        Check(items.Count == 9 && items[0] == 0 && items[8] == 8, $"expected items 0..8, got {items.Count}");
        Check(fetched.Count == 3, $"three pages expected, fetched {fetched.Count}");
        Check(sawLiveToken, "the token given through WithCancellation must reach fetchPage");

        // 2. Stopping early fetches no further page.
        fetched.Clear();
        int taken = 0;
        await foreach (int item in AsyncStreams.ReadAllPagesAsync(fetch))
        {
            if (++taken == 4)
            {
                break;
            }
        }
        Check(fetched.Count == 2, $"taking 4 items needs 2 pages, fetched {fetched.Count}");

        // 3. Cancelling through WithCancellation stops the stream with OperationCanceledException.
        using CancellationTokenSource cancel = new();
        bool cancelled = false;
        int seen = 0;
        try
        {
            await foreach (int item in AsyncStreams.ReadAllPagesAsync(fetch).WithCancellation(cancel.Token))
            {
                if (++seen == 3)
                {
                    await cancel.CancelAsync(); // the next page fetch sees it
                }
            }
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }
        Check(cancelled && seen == 3, $"cancellation should stop the stream after the first page, saw {seen}");

        // 4. Batching: 9 items in batches of 4 -> 4, 4, 1.
        List<int> sizes = new();
        await foreach (IReadOnlyList<int> batch in AsyncStreams.ReadAllPagesAsync(fetch).BatchAsync(4))
        {
            sizes.Add(batch.Count);
        }
        Check(sizes.Count == 3 && sizes[0] == 4 && sizes[1] == 4 && sizes[2] == 1, $"batches should be 4,4,1, got {string.Join(",", sizes)}");

        // 5. Lines from a stream, stopping early: the caller's stream stays open (leaveOpen) and usable.
        using MemoryStream text = new(System.Text.Encoding.UTF8.GetBytes("one\ntwo\nthree\n"));
        List<string> lines = new();
        await foreach (string line in AsyncStreams.ReadLinesAsync(text))
        {
            lines.Add(line);
            if (lines.Count == 2)
            {
                break;
            }
        }
        Check(lines.Count == 2 && lines[1] == "two", "should read the first two lines");
        Check(text.CanRead, "the caller's stream must stay open after the reader is disposed");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("async-streaming self-check failed: " + message);
        }
    }
}
