// target: dotnet 7
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Integrations.Crm;

/// Sends contact updates to the CRM with a fixed backoff. The delay goes
/// through a time provider so tests can fast-forward it.
public sealed class RetryingSender
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time; // expect: too-new-api

    public RetryingSender(HttpClient http, TimeProvider time)
    {
        _http = http;
        _time = time;
    }

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
            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)), _time, ct);
        }
        return false;
    }

    public async Task DrainAsync(Task pending)
    {
        // wait for an in-flight send but ignore its outcome: the caller logs it
        await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // expect: too-new-api
    }
}
