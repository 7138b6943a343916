using System.Threading;
using System.Threading.Tasks;

namespace Caching;

public class CacheWarmer
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WarmAsync()
    {
        await _gate.AcquireAsync(); // expect: hallucinated-api
        try
        {
            await Task.Delay(100);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Reset(CancellationTokenSource cts)
    {
        cts.CancelAfterAsync(1000); // expect: hallucinated-api
    }
}
