using System;
using System.Threading;
using System.Threading.Tasks;

namespace Api.Quotas;

public interface IQuotaStore
{
    Task<long> LoadUsedAsync(string tenant, CancellationToken ct);
    Task SaveUsedAsync(string tenant, long used, CancellationToken ct);
}

/// Read-await-write on shared state, made safe: one SemaphoreSlim(1, 1) per
/// tracker serialises the whole read-modify-write, so concurrent requests of
/// the same tenant cannot lose an increment.
public sealed class QuotaTracker
{
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private readonly IQuotaStore _store;
    private readonly string _tenant;
    private readonly long _limit;
    private long _used = -1;

    public QuotaTracker(IQuotaStore store, string tenant, long limit)
    {
        _store = store;
        _tenant = tenant;
        _limit = limit;
    }

    public async Task<bool> TryConsumeAsync(long units, CancellationToken ct)
    {
        await _mutex.WaitAsync(ct);
        try
        {
            if (_used < 0)
            {
                _used = await _store.LoadUsedAsync(_tenant, ct);
            }
            if (_used + units > _limit)
            {
                return false;
            }
            var next = _used + units;
            await _store.SaveUsedAsync(_tenant, next, ct);
            _used = next;
            return true;
        }
        finally
        {
            _mutex.Release();
        }
    }
}
