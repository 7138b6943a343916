using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Site.Builder;

/// Downloads every asset referenced by a static site's pages before the
/// build (large sites reference several thousand images).
public sealed class AssetFetcher
{
    private readonly HttpClient _http;

    public AssetFetcher(HttpClient http) => _http = http;

    public async Task<Dictionary<string, string>> FetchTextAssetsAsync(IReadOnlyCollection<string> urls, CancellationToken ct)
    {
        var results = await Task.WhenAll(urls.Select(async url => (url, text: await FetchTextAsync(url, ct)))); // expect: unbounded-concurrency
        return results.ToDictionary(r => r.url, r => r.text);
    }

    private async Task<string> FetchTextAsync(string url, CancellationToken ct)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await response.EnsureSuccessStatusCodeAsync(); // expect: hallucinated-api
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await stream.ReadToEndAsync(ct); // expect: hallucinated-api
    }
}
