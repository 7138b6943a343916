using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Downloads;

public class RetryingDownloader
{
    private readonly HttpClient _http;

    public RetryingDownloader(HttpClient http) => _http = http;

    public async Task<byte[]> DownloadAsync(string url, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _http.GetByteArrayAsync(url, ct);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt * 2)); // expect: missing-cancellation
            }
        }
    }
}
