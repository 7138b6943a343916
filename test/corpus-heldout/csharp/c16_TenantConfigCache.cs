using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SaaS.Tenancy;

public sealed record TenantConfig(string TenantId, string Region, int SeatLimit);

public sealed class TenantConfigCache
{
    private readonly ConcurrentDictionary<string, TenantConfig> _configs = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly HttpClient _http;

    public TenantConfigCache(HttpClient http) => _http = http;

    public Task<TenantConfig> GetAsync(string tenantId, CancellationToken ct) =>
        _configs.GetOrAddAsync(tenantId, id => LoadAsync(id, ct)); // expect: hallucinated-api

    public async Task RefreshAllAsync(CancellationToken ct)
    {
        await _refreshGate.WaitAsync(ct);
        try
        {
            foreach (var tenantId in _configs.Keys)
            {
                _configs[tenantId] = await LoadAsync(tenantId, ct);
            }
        }
        finally
        {
            await _refreshGate.ReleaseAsync(); // expect: hallucinated-api
        }
    }

    private async Task<TenantConfig> LoadAsync(string tenantId, CancellationToken ct)
    {
        var config = await _http.GetFromJsonAsync<TenantConfig>($"tenants/{tenantId}/config", ct);
        return config ?? throw new InvalidOperationException($"No config for tenant {tenantId}");
    }
}
