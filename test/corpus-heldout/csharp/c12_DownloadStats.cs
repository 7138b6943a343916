using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Mirror;

/// Tallies bytes downloaded by parallel workers. The shared counters are
/// updated with Interlocked and a concurrent collection, so parallel updates
/// are not lost.
public sealed class DownloadStats
{
    private long _bytes;
    private int _failures;
    private readonly ConcurrentBag<string> _failedUrls = new();

    public long Bytes => Interlocked.Read(ref _bytes);
    public int Failures => Volatile.Read(ref _failures);
    public IReadOnlyCollection<string> FailedUrls => _failedUrls;

    public async Task DownloadAllAsync(HttpClient http, IEnumerable<string> urls, CancellationToken ct)
    {
        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (url, token) =>
        {
            try
            {
                var data = await http.GetByteArrayAsync(url, token);
                Interlocked.Add(ref _bytes, data.LongLength);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _failures);
                _failedUrls.Add(url);
            }
        });
    }
}
