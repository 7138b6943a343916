// target: dotnet 6
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Worker.Host;

public interface IShard
{
    Task FlushAsync(CancellationToken ct);
}

public sealed class ShutdownCoordinator
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly IReadOnlyList<IShard> _shards;
    private readonly ILogger _logger;

    public ShutdownCoordinator(IReadOnlyList<IShard> shards, ILogger logger)
    {
        _shards = shards;
        _logger = logger;
    }

    public CancellationToken Stopping => _stopping.Token;

    public async Task StopAsync(TimeSpan grace)
    {
        _logger.LogInformation("Stopping {Count} shards", _shards.Count);
        await _stopping.CancelAsync(); // expect: too-new-api

        using var flushDeadline = new CancellationTokenSource(grace);
        await Parallel.ForAsync(0, _shards.Count, flushDeadline.Token, async (i, token) => // expect: too-new-api
        {
            try
            {
                await _shards[i].FlushAsync(token);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Shard {Index} did not flush within the grace period", i);
            }
        });
    }
}
