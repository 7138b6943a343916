using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Messaging;

public class QueueConsumer
{
    private readonly Channel<string> _channel = Channel.CreateBoundedAsync<string>(100); // expect: hallucinated-api

    public async Task ConsumeAsync(CancellationToken ct)
    {
        while (await _channel.Reader.WaitToReadAsync(ct))
        {
            while (_channel.Reader.TryRead(out var message))
            {
                await HandleAsync(message, ct);
            }
        }
    }

    private Task HandleAsync(string message, CancellationToken ct) => Task.Delay(10, ct);
}
