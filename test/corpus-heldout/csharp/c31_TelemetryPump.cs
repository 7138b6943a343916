using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Iot.Gateway;

public sealed record Sample(string DeviceId, double Value, DateTimeOffset At);

public interface ISampleSink
{
    Task WriteAsync(Sample[] batch, CancellationToken ct);
}

public sealed class TelemetryPump
{
    private readonly Channel<Sample> _channel = Channel.CreateBounded<Sample>(10_000);
    private readonly ISampleSink _sink;

    public TelemetryPump(ISampleSink sink) => _sink = sink;

    public ValueTask PublishAsync(Sample sample, CancellationToken ct) =>
        _channel.Writer.SendAsync(sample, ct); // expect: hallucinated-api

    public Task StartAsync(CancellationToken ct) =>
        Task.RunAsync(() => PumpAsync(ct)); // expect: hallucinated-api

    private async Task PumpAsync(CancellationToken ct)
    {
        var batch = new Sample[256];
        while (await _channel.Reader.WaitToReadAsync(ct))
        {
            var n = 0;
            while (n < batch.Length && _channel.Reader.TryRead(out var s))
            {
                batch[n++] = s;
            }
            await _sink.WriteAsync(batch[..n], ct);
        }
    }
}
