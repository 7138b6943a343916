// target: dotnet 7
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Integrations.Crm;

/// Sends contact updates to the CRM with exponential backoff.
public sealed class RetryingSender
{
    private readonly HttpClient _http;

    public RetryingSender(HttpClient http) => _http = http;

    public async Task<bool> SendAsync(HttpContent body, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var response = await _http.PostAsync("contacts/bulk", body, ct);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            if ((int)response.StatusCode < 500)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)), TimeProvider.System, ct); // expect: too-new-api
        }
        return false;
    }

    public async Task DrainAsync(Task pending)
    {
        // wait for an in-flight send but ignore its outcome: the caller logs it
        await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // expect: too-new-api
    }
}
