using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Analytics;

public class ParallelCounter
{
    private int _processed;
    private readonly ConcurrentDictionary<string, int> _perHost = new();

    public async Task<int> ProcessAsync(IEnumerable<string> hosts, CancellationToken ct)
    {
        await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (host, token) =>
        {
            await Task.Delay(10, token);
            Interlocked.Increment(ref _processed);
            _perHost.AddOrUpdate(host, 1, (_, n) => n + 1);
        });
        return _processed;
    }
}
