using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Webhooks;

public class WebhookDispatcher
{
    private readonly HttpClient _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // expect: missing-timeout
    private int _failures;

    public async Task DispatchAsync(IReadOnlyList<Uri> targets, string payload)
    {
        var work = new List<Task>();
        foreach (var target in targets)
        {
            work.Add(Task.Run(async () =>
            {
                try { await _http.PostAsync(target, new StringContent(payload)); }
                catch (HttpRequestException) { _failures += 1; } // expect: race-condition
            }));
        }
        await Task.WhenAll(work); // expect: unbounded-concurrency
    }
}
