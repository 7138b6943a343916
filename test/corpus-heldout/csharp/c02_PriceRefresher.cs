// target: dotnet 8
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Catalog.Sync;

/// Refreshes prices for every product of a catalog. All tasks are created up
/// front, but each one waits on the semaphore before calling the supplier, so
/// no more than eight requests are open at any time.
public sealed class PriceRefresher
{
    private const int MaxParallel = 8;
    private readonly HttpClient _http;

    public PriceRefresher(HttpClient http) => _http = http;

    public async Task<IReadOnlyDictionary<string, decimal>> RefreshAsync(IEnumerable<string> skus, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(MaxParallel);
        var tasks = skus.Select(async sku =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var price = await _http.GetFromJsonAsync<SupplierPrice>($"prices/{Uri.EscapeDataString(sku)}", ct);
                return (sku, price?.Amount ?? 0m);
            }
            finally
            {
                gate.Release();
            }
        });

        var results = await Task.WhenAll(tasks);
        return results.ToDictionary(r => r.sku, r => r.Item2);
    }

    private sealed record SupplierPrice(decimal Amount, string Currency);
}
