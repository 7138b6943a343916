using System;
using System.IO;
using System.Threading.Tasks;

namespace Auditing;

public class AuditLog
{
    private readonly string _path;

    public AuditLog(string path) => _path = path;

    public async Task RecordAsync(string entry)
    {
        try
        {
            await File.AppendAllTextAsync(_path, $"{DateTime.UtcNow:o} {entry}{Environment.NewLine}");
        }
        catch // expect: swallowed-error
        {
        }
    }

    public void RecordLater(string entry)
    {
        Task.Run(() => RecordAsync(entry)); // expect: floating-promise
    }
}
