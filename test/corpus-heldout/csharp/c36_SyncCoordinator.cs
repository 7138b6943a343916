using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Crm.Sync;

public interface IRemoteContacts
{
    Task<IReadOnlyList<(string Region, int Changed)>> ChangesSinceAsync(DateTimeOffset since, string page, CancellationToken ct);
}

/// Singleton; SyncAsync is triggered both by a timer and by a webhook.
public sealed class SyncCoordinator
{
    private readonly IRemoteContacts _remote;
    private DateTimeOffset _lastSync = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly Dictionary<string, int> _changedPerRegion = new();
    private long _totalChanged;

    public SyncCoordinator(IRemoteContacts remote) => _remote = remote;

    public IReadOnlyDictionary<string, int> ChangedPerRegion => _changedPerRegion;
    public long TotalChanged => Interlocked.Read(ref _totalChanged);

    public async Task SyncAsync(IEnumerable<string> pages, CancellationToken ct)
    {
        var since = _lastSync;
        var startedAt = DateTimeOffset.UtcNow;
        var total = _totalChanged;
        var changedThisRun = 0L;
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (page, token) =>
        {
            var changes = await _remote.ChangesSinceAsync(since, page, token);
            foreach (var (region, changed) in changes)
            {
                _changedPerRegion[region] = _changedPerRegion.GetValueOrDefault(region) + changed; // expect: race-condition
                Interlocked.Add(ref changedThisRun, changed);
            }
        });
        _totalChanged = total + changedThisRun; // expect: race-condition
        _lastSync = startedAt;
    }
}
