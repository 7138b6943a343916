// target: dotnet 5
using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Cluster.Leasing;

public interface ILeaseStore
{
    Task<bool> RenewAsync(string leaseId, TimeSpan ttl, CancellationToken ct);
}

public sealed class LeaseKeeper
{
    private readonly ILeaseStore _store;
    private readonly ILogger<LeaseKeeper> _logger;

    public LeaseKeeper(ILeaseStore store, ILogger<LeaseKeeper> logger)
    {
        _store = store;
        _logger = logger;
    }

    public async Task KeepAsync(string leaseId, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10)); // expect: too-new-api
        while (await timer.WaitForNextTickAsync(ct))
        {
            var renewed = await _store
                .RenewAsync(leaseId, TimeSpan.FromSeconds(30), ct)
                .WaitAsync(TimeSpan.FromSeconds(5), ct); // expect: too-new-api
            if (!renewed)
            {
                _logger.LogWarning("Lost lease {LeaseId}", leaseId);
                return;
            }
        }
    }
}
