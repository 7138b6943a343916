// target: dotnet 8
using System;
using System.Threading;
using System.Threading.Tasks;

namespace Queueing.Host;

public interface IPartition
{
    Task DrainAsync(CancellationToken ct);
}

/// .NET 8 target: CancellationTokenSource.CancelAsync, Parallel.ForAsync and
/// TimeProvider all exist there.
public sealed class DrainService : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly IPartition[] _partitions;
    private readonly TimeProvider _time;

    public DrainService(IPartition[] partitions, TimeProvider time)
    {
        _partitions = partitions;
        _time = time;
    }

    public async Task DrainAllAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _cts.Token);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = linked.Token };
        await Parallel.ForAsync(0, _partitions.Length, options, async (i, token) =>
        {
            await _partitions[i].DrainAsync(token);
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, token);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _cts.Dispose();
    }
}
