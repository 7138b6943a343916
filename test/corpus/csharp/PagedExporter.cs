using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Export;

public class PagedExporter
{
    private readonly IRecordsApi _api;

    public PagedExporter(IRecordsApi api) => _api = api;

    public async Task<List<string>> ExportAllAsync(CancellationToken ct)
    {
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _api.GetPageAsync(cursor, ct);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor != null);
        return all;
    }
}

public record Page(List<string> Items, string? NextCursor);
public interface IRecordsApi { Task<Page> GetPageAsync(string? cursor, CancellationToken ct); }
