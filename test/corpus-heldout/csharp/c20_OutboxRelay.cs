using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Outbox;

public interface IOutbox
{
    Task<OutboxMessage?> NextAsync(CancellationToken ct);
    Task MarkSentAsync(long id, CancellationToken ct);
}

public interface IBroker
{
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken ct);
}

public sealed record OutboxMessage(long Id, string Topic, byte[] Payload);

/// Relays outbox rows to the broker one at a time: order matters per topic,
/// so the loop is sequential on purpose. The stopping token reaches every
/// call, and a cancellation during shutdown ends the loop without an error.
public sealed class OutboxRelay : BackgroundService
{
    private readonly IOutbox _outbox;
    private readonly IBroker _broker;
    private readonly ILogger<OutboxRelay> _logger;

    public OutboxRelay(IOutbox outbox, IBroker broker, ILogger<OutboxRelay> logger)
    {
        _outbox = outbox;
        _broker = broker;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var msg = await _outbox.NextAsync(stoppingToken);
                if (msg is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
                    continue;
                }
                await _broker.PublishAsync(msg.Topic, msg.Payload, stoppingToken);
                await _outbox.MarkSentAsync(msg.Id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.LogInformation("Outbox relay stopping");
        }
    }
}
