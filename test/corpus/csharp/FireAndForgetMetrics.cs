using System;
using System.Threading.Tasks;

namespace Metrics;

public class FireAndForgetMetrics
{
    private readonly IMetricsSink _sink;

    public FireAndForgetMetrics(IMetricsSink sink) => _sink = sink;

    public void Track(string name)
    {
        _ = SendSafelyAsync(name);
    }

    private async Task SendSafelyAsync(string name)
    {
        try
        {
            await _sink.SendAsync(name);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"metric {name} dropped: {ex.Message}");
        }
    }
}

public interface IMetricsSink { Task SendAsync(string name); }
