using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Reports;

public class ReportExporter
{
    public async Task ExportAsync(string path, string body, CancellationToken cancellationToken)
    {
        var template = File.ReadAllText("template.html"); // expect: blocking-call-in-async
        var html = template.Replace("{{body}}", body);
        await File.WriteAllTextAsync(path, html); // expect: missing-cancellation
        Thread.Sleep(250); // expect: blocking-call-in-async
    }
}
