using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Web.Analytics;

public interface IClickStore
{
    Task RecordAsync(string userId, string link, DateTimeOffset at, CancellationToken ct);
}

/// Click tracking must never slow down the redirect, so recording is started
/// deliberately without awaiting it. The task catches and logs its own errors
/// and has its own deadline, so nothing is unobserved and nothing hangs.
public sealed class ClickTracker
{
    private readonly IClickStore _store;
    private readonly ILogger<ClickTracker> _logger;

    public ClickTracker(IClickStore store, ILogger<ClickTracker> logger)
    {
        _store = store;
        _logger = logger;
    }

    public void Track(string userId, string link)
    {
        var at = DateTimeOffset.UtcNow;
        _ = Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _store.RecordAsync(userId, link, at, cts.Token);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Click for {Link} was not recorded", link);
            }
        });
    }
}
