using System.Collections.Generic;
using System.Threading.Tasks;

namespace Legacy;

public class LegacyBridge
{
    private readonly IOrderApi _api;

    public LegacyBridge(IOrderApi api) => _api = api;

    public IReadOnlyList<string> LoadOrderIds()
    {
        return _api.GetOrderIdsAsync().Result; // expect: sync-over-async
    }

    public void Submit(string orderId)
    {
        var tasks = new[] { _api.SubmitAsync(orderId), _api.AuditAsync(orderId) };
        Task.WaitAll(tasks); // expect: sync-over-async
    }
}

public interface IOrderApi
{
    Task<IReadOnlyList<string>> GetOrderIdsAsync();
    Task SubmitAsync(string id);
    Task AuditAsync(string id);
}
