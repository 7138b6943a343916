using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Billing.Fx;

/// Registered as a singleton; called from every checkout request.
public sealed class ExchangeRateCache
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, decimal> _rates = new();
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public ExchangeRateCache(HttpClient http) => _http = http;

    public async Task<decimal?> RateAsync(string currency, CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow - _loadedAt > TimeSpan.FromMinutes(10) || !_rates.ContainsKey(currency))
        {
            var fresh = await FetchAsync(ct);
            if (fresh is null)
            {
                return null;
            }
            foreach (var (code, rate) in fresh)
            {
                _rates[code] = rate; // expect: race-condition
            }
            _loadedAt = DateTimeOffset.UtcNow;
        }
        return _rates.TryGetValue(currency, out var r) ? r : null;
    }

    private async Task<Dictionary<string, decimal>?> FetchAsync(CancellationToken ct)
    {
        try
        {
            return await _http.GetFromJsonAsync<Dictionary<string, decimal>>("rates/latest?base=EUR", ct);
        }
        catch (Exception) // expect: swallowed-error
        {
            return null;
        }
    }
}
