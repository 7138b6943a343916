using System.Collections.Generic;
using System.Threading.Tasks;

namespace Analytics;

public class VisitCounter
{
    private int _total;
    private readonly Dictionary<string, int> _byPage = new();

    public async Task CountAsync(IEnumerable<string> pages)
    {
        await Parallel.ForEachAsync(pages, async (page, ct) =>
        {
            await Task.Delay(1, ct);
            _total++; // expect: race-condition
            _byPage[page] = 1; // expect: race-condition
        });
    }
}
