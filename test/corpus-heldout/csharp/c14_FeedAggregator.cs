// target: dotnet 8
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace News.Aggregation;

/// Pulls the front page of a handful of configured feeds and shows each one
/// as soon as it arrives.
public sealed class FeedAggregator
{
    private readonly HttpClient _http;
    private readonly Lock _gate = new(); // expect: too-new-api
    private readonly List<string> _headlines = new();

    public FeedAggregator(HttpClient http) => _http = http;

    public IReadOnlyList<string> Headlines
    {
        get
        {
            lock (_gate)
            {
                return _headlines.ToList();
            }
        }
    }

    public async Task LoadAsync(IReadOnlyList<Uri> feeds, Action<string> onFeedLoaded, CancellationToken ct)
    {
        var pending = feeds.Take(10).Select(f => _http.GetStringAsync(f, ct));
        await foreach (var done in Task.WhenEach(pending).WithCancellation(ct)) // expect: too-new-api
        {
            var body = await done;
            var title = ExtractTitle(body);
            lock (_gate)
            {
                _headlines.Add(title);
            }
            onFeedLoaded(title);
        }
    }

    private static string ExtractTitle(string xml)
    {
        var start = xml.IndexOf("<title>", StringComparison.Ordinal);
        var end = xml.IndexOf("</title>", StringComparison.Ordinal);
        return start >= 0 && end > start ? xml[(start + 7)..end] : "(untitled)";
    }
}
