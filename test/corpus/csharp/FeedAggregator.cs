using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Feeds;

public class FeedAggregator
{
    private readonly HttpClient _http;

    public FeedAggregator(HttpClient http) => _http = http;

    public async Task<string[]> FetchAsync(List<string> feedUrls, CancellationToken ct)
    {
        var tasks = new List<Task<string>>();
        foreach (var url in feedUrls)
        {
            tasks.Add(_http.GetStringAsync(url, ct));
        }
        return await Task.WhenAll(tasks); // expect: unbounded-concurrency
    }
}
