using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Warehouse;

public interface IBinScanner
{
    Task<IReadOnlyList<string>> ScanAsync(string binId, CancellationToken ct);
}

/// Counts items across all bins of an aisle by scanning the bins in parallel.
public sealed class InventoryCounter
{
    private readonly IBinScanner _scanner;
    private int _itemsSeen;
    private readonly List<string> _damaged = new();

    public InventoryCounter(IBinScanner scanner) => _scanner = scanner;

    public async Task<(int Items, IReadOnlyList<string> Damaged)> CountAisleAsync(IReadOnlyList<string> binIds, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(6);
        await Task.WhenAll(binIds.Select(async bin =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var items = await _scanner.ScanAsync(bin, ct);
                foreach (var item in items)
                {
                    _itemsSeen++; // expect: race-condition
                    if (item.EndsWith(":damaged"))
                    {
                        _damaged.Add(item); // expect: race-condition
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return (_itemsSeen, _damaged);
    }
}
