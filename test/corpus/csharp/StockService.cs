using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Warehouse;

public class StockService
{
    private readonly WarehouseContext _db;

    public StockService(WarehouseContext db) => _db = db;

    public async Task<int> ReserveAsync(int productId, int quantity, CancellationToken ct)
    {
        var item = await _db.Items.FirstAsync(i => i.ProductId == productId); // expect: missing-cancellation
        item.Reserved += quantity;
        await _db.SaveChangesAsync(ct);
        return item.Reserved;
    }

    public async Task<int> CountLowAsync()
    {
        var low = _db.Items.Where(i => i.Stock < 5).ToList(); // expect: blocking-call-in-async
        await Task.Yield();
        return low.Count;
    }
}
