// @pattern
// id: resource-cleanup
// title: Async resource cleanup with IAsyncDisposable and await using
// summary: A type that must flush asynchronously before it lets go implements IAsyncDisposable idempotently; callers scope it with await using; an async factory stands in for the constructor and releases what it acquired if a later step fails.
// minimum: dotnet 8, csharp 12
// apis: System.IAsyncDisposable, System.IO.Stream.DisposeAsync, System.IO.Stream.WriteAsync, System.IO.Stream.FlushAsync, System.ObjectDisposedException.ThrowIf, System.Threading.Interlocked.Exchange, System.Exception.Data
// pitfalls: with await using, an exception from DisposeAsync replaces the body's exception, so the cause is lost exactly when both fail: release by hand and attach the second error; using (not await using) on a type with both interfaces calls the synchronous Dispose, which blocks on I/O or skips the async flush; constructors cannot await, so async setup goes in a static factory that disposes what it already opened when a later step throws; DisposeAsync must tolerate being called twice; DisposeAsync takes no CancellationToken, so a flush that can hang needs its own bound; disposing in finally by hand is easy to get wrong with several resources, while await using disposes them in reverse order on every path; in library code write await using (x.ConfigureAwait(false)) if you need ConfigureAwait
// rules: swallowed-error
// tags: IAsyncDisposable, await using, cleanup, dispose, factory
// fallback: dotnet 6: ObjectDisposedException.ThrowIf is .NET 7: write if (disposed) throw new ObjectDisposedException(GetType().Name); ArgumentOutOfRangeException.ThrowIfNegativeOrZero (.NET 8) becomes an if and throw
// @end

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncExpert.Patterns.ResourceCleanup;

/// <summary>
/// Buffers text lines and writes them to a stream it owns. Lines reach the stream when the buffer fills, on
/// <see cref="FlushAsync"/>, and on <see cref="DisposeAsync"/>, which also disposes the stream.
/// </summary>
public sealed class BufferedLineWriter : IAsyncDisposable
{
    private readonly Stream _destination;
    private readonly StringBuilder _pending = new();
    private readonly int _flushThreshold;
    private int _disposed;

    private BufferedLineWriter(Stream destination, int flushThreshold)
    {
        _destination = destination;
        _flushThreshold = flushThreshold;
    }

    /// <summary>
    /// Opens the destination and writes an optional header. If anything after opening fails, the destination is
    /// disposed here: the caller never received it, so nobody else could.
    /// </summary>
    public static async Task<BufferedLineWriter> OpenAsync(
        Func<CancellationToken, Task<Stream>> openDestination,
        string? header,
        int flushThreshold,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openDestination);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(flushThreshold);

        Stream destination = await openDestination(cancellationToken);
        try
        {
            BufferedLineWriter writer = new(destination, flushThreshold);
            if (header is not null)
            {
                await writer.WriteLineAsync(header, cancellationToken);
                await writer.FlushAsync(cancellationToken);
            }
            return writer;
        }
        catch (Exception) // release, then let the caller see the original failure
        {
            await destination.DisposeAsync();
            throw;
        }
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _pending.Append(line).Append('\n');
        if (_pending.Length >= _flushThreshold)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await WritePendingAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Exchange, not a plain flag check: two concurrent DisposeAsync calls must not both flush and dispose.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await WritePendingAsync(CancellationToken.None);
        }
        finally
        {
            // Even when the last flush fails, the stream (a file handle, a socket) must be released.
            await _destination.DisposeAsync();
        }
    }

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }
        byte[] bytes = Encoding.UTF8.GetBytes(_pending.ToString());
        _pending.Clear();
        await _destination.WriteAsync(bytes.AsMemory(), cancellationToken);
        await _destination.FlushAsync(cancellationToken);
    }
}

/// <summary>Acquire, use, release, keeping both errors when the use and the release both fail.</summary>
public static class Resources
{
    /// <summary>The key under which a failed release is attached to the exception the body threw.</summary>
    public const string CleanupErrorKey = "AsyncExpert.CleanupError";

    /// <summary>The release failure attached to <paramref name="error"/>, if its release failed too.</summary>
    public static Exception? CleanupErrorOf(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Data[CleanupErrorKey] as Exception;
    }

    /// <summary>
    /// Opens a resource, runs <paramref name="body"/> with it and disposes it on every path. Unlike <c>await using</c>,
    /// whose DisposeAsync exception replaces the body's, a failing release here never hides the body's exception:
    /// that one is rethrown unchanged (its type still matches the caller's catch, OperationCanceledException
    /// included) with the release failure attached (see <see cref="CleanupErrorOf"/>). The body's result is complete
    /// before the release starts. Nest calls for several resources: they are released in reverse order, and an open
    /// that fails releases only the ones opened before it.
    /// </summary>
    public static async Task<TResult> UsingAsync<TResource, TResult>(
        Func<CancellationToken, Task<TResource>> open,
        Func<TResource, CancellationToken, Task<TResult>> body,
        CancellationToken cancellationToken = default)
        where TResource : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(body);
        TResource resource = await open(cancellationToken); // nothing to release if this throws
        TResult result;
        try
        {
            result = await body(resource, cancellationToken);
        }
        catch (Exception original) // released, then rethrown unchanged
        {
            try
            {
                await resource.DisposeAsync();
            }
            catch (Exception cleanup) // attached, not substituted: the original is what the caller handles
            {
                original.Data[CleanupErrorKey] = cleanup;
            }
            throw;
        }
        await resource.DisposeAsync(); // with no other error, a failing release is the error
        return result;
    }
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        List<string> events = new();

        // 1. Lines below the flush threshold are written by DisposeAsync at the end of the await using scope.
        TrackingStream first = new("first", events);
        await using (BufferedLineWriter writer = await OpenOver(first, header: null))
        {
            await writer.WriteLineAsync("alpha");
            await writer.WriteLineAsync("beta");
            Check(first.Length == 0, "lines should still be buffered inside the scope");
        }
        Check(first.Text == "alpha\nbeta\n", $"DisposeAsync should flush the buffer, got '{first.Text}'");
        Check(first.Disposed, "DisposeAsync should dispose the owned stream");

        // 2. An exception inside the scope: the buffer is still flushed and the stream still released.
        TrackingStream second = new("second", events);
        try
        {
            await using BufferedLineWriter writer = await OpenOver(second, header: "# header");
            await writer.WriteLineAsync("before the failure");
            throw new InvalidOperationException("work failed");
        }
        catch (InvalidOperationException)
        {
            // expected: the point is the state of the stream below
        }
        Check(second.Text == "# header\nbefore the failure\n" && second.Disposed, "cleanup must run when the scope throws");

        // 3. Two resources in one scope are disposed in reverse order of acquisition.
        events.Clear();
        TrackingStream outer = new("outer", events);
        TrackingStream inner = new("inner", events);
        await using (BufferedLineWriter a = await OpenOver(outer, header: null))
        await using (BufferedLineWriter b = await OpenOver(inner, header: null))
        {
            await a.WriteLineAsync("a");
            await b.WriteLineAsync("b");
        }
        Check(events.Count == 2 && events[0] == "inner disposed" && events[1] == "outer disposed", $"reverse disposal order expected, got [{string.Join(", ", events)}]");

        // 4. DisposeAsync twice is harmless; using the writer afterwards is an ObjectDisposedException.
        TrackingStream third = new("third", events);
        BufferedLineWriter twice = await OpenOver(third, header: null);
        await twice.WriteLineAsync("once");
        await twice.DisposeAsync();
        await twice.DisposeAsync();
        Check(third.DisposeCount == 1 && third.Text == "once\n", "second DisposeAsync must be a no-op");
        bool refused = false;
        try
        {
            await twice.WriteLineAsync("too late");
        }
        catch (ObjectDisposedException)
        {
            refused = true;
        }
        Check(refused, "writing after disposal should throw ObjectDisposedException");

        // 5. The factory fails after opening the stream: it disposes the stream before rethrowing.
        TrackingStream failing = new("failing", events) { FailWrites = true };
        Exception? caught = null;
        try
        {
            await using BufferedLineWriter never = await OpenOver(failing, header: "# header");
        }
        catch (IOException ex)
        {
            caught = ex;
        }
        Check(caught is not null && failing.Disposed, "a failing factory must release what it opened and rethrow");

        // 6. The flush threshold writes through before disposal.
        TrackingStream fourth = new("fourth", events);
        await using (BufferedLineWriter small = await BufferedLineWriter.OpenAsync(_ => Task.FromResult<Stream>(fourth), null, flushThreshold: 4))
        {
            await small.WriteLineAsync("12345");
            Check(fourth.Text == "12345\n", "reaching the threshold should flush");
        }
    }

    private static Task<BufferedLineWriter> OpenOver(Stream stream, string? header) =>
        BufferedLineWriter.OpenAsync(_ => Task.FromResult(stream), header, flushThreshold: 1024);

    /// <summary>A MemoryStream that records its disposal and can fail its writes.</summary>
    private sealed class TrackingStream(string name, List<string> events) : MemoryStream
    {
        public bool FailWrites { get; init; }
        public int DisposeCount { get; private set; }
        public bool Disposed => DisposeCount > 0;
        public string Text => Encoding.UTF8.GetString(ToArray()); // ToArray works on a disposed MemoryStream

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            FailWrites ? ValueTask.FromException(new IOException("disk full")) : base.WriteAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                DisposeCount++;
                events.Add($"{name} disposed");
            }
            base.Dispose(disposing);
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("resource-cleanup self-check failed: " + message);
        }
    }
}
