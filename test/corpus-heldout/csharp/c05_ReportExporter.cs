using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Reporting;

public interface IReportSource
{
    Task<string> RenderCsvAsync(string reportId, CancellationToken ct);
}

public sealed class ReportExporter
{
    private readonly IReportSource _source;
    private readonly string _templateDir;

    public ReportExporter(IReportSource source, string templateDir)
    {
        _source = source;
        _templateDir = templateDir;
    }

    /// Builds the monthly bundle: one CSV per report, rendered by the
    /// reporting service (each call takes 2-10 seconds).
    public async Task<string> ExportBundleAsync(IReadOnlyList<string> reportIds, string outputDir, CancellationToken ct)
    {
        var header = File.ReadAllText(Path.Combine(_templateDir, "header.txt")); // expect: blocking-call-in-async
        var index = new StringBuilder(header);
        foreach (var id in reportIds)
        {
            var csv = await _source.RenderCsvAsync(id, ct); // expect: await-in-loop
            var path = Path.Combine(outputDir, $"{id}.csv");
            await File.WriteAllTextAsync(path, csv, ct);
            index.AppendLine(path);
        }
        var indexPath = Path.Combine(outputDir, "index.txt");
        await File.WriteAllTextAsync(indexPath, index.ToString(), ct);
        return indexPath;
    }
}
