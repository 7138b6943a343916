// target: dotnet 6
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Energy.Meters;

public sealed record MeterReading(string MeterId, double Kwh, DateTimeOffset At);

/// Polls smart meters every minute. PeriodicTimer, Task.WaitAsync and
/// Parallel.ForEachAsync all arrived in .NET 6, the target here.
public sealed class MeterPoller
{
    private readonly HttpClient _http;
    private readonly ILogger<MeterPoller> _logger;

    public MeterPoller(HttpClient http, ILogger<MeterPoller> logger)
    {
        _http = http;
        _logger = logger;
    }

    public async Task RunAsync(IReadOnlyList<string> meterIds, Func<MeterReading, Task> store, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct };
            await Parallel.ForEachAsync(meterIds, options, async (id, token) =>
            {
                try
                {
                    var reading = await _http
                        .GetFromJsonAsync<MeterReading>($"meters/{id}/latest", token)
                        .WaitAsync(TimeSpan.FromSeconds(10), token);
                    if (reading is not null)
                    {
                        await store(reading);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
                {
                    _logger.LogWarning(ex, "Meter {MeterId} did not answer", id);
                }
            });
        }
    }
}
