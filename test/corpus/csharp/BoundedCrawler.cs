using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Crawling;

public sealed class BoundedCrawler
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots = new(8);

    public BoundedCrawler(HttpClient http) => _http = http;

    public async Task<string[]> CrawlAsync(IEnumerable<string> urls, CancellationToken ct)
    {
        return await Task.WhenAll(urls.Select(async url =>
        {
            await _slots.WaitAsync(ct);
            try
            {
                return await _http.GetStringAsync(url, ct);
            }
            finally
            {
                _slots.Release();
            }
        }));
    }
}
