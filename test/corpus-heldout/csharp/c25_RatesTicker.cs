using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Trading.Display;

public sealed class RatesTicker : IDisposable
{
    private readonly HttpClient _http = new() // long polling endpoint, so no client-side limit
    {
        BaseAddress = new Uri("https://rates.internal.example/"),
        Timeout = Timeout.InfiniteTimeSpan, // expect: missing-timeout
    };

    private readonly Timer _timer;
    private volatile string _latest = "";

    public RatesTicker()
    {
        _timer = new Timer(async _ => await PollAsync(), null, TimeSpan.Zero, TimeSpan.FromSeconds(2)); // expect: async-void
    }

    public string Latest => _latest;

    private async Task PollAsync()
    {
        var body = await _http.GetStringAsync("v1/rates/EURUSD");
        _latest = body.Trim();
    }

    public void Dispose()
    {
        _timer.Dispose();
        _http.Dispose();
    }
}
