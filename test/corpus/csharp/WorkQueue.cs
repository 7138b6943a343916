using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Messaging;

public class WorkQueue
{
    private readonly Channel<int> _channel = Channel.CreateBounded<int>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(int item, CancellationToken ct) => _channel.Writer.WriteAsync(item, ct);

    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var item in _channel.Reader.ReadAllAsync(ct))
        {
            await ProcessAsync(item, ct);
        }
    }

    private static Task ProcessAsync(int item, CancellationToken ct) => Task.Delay(item, ct);
}
