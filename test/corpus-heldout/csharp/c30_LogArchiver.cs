using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Ops.Logs;

/// Compresses every rotated log file in a directory (production hosts keep
/// weeks of hourly logs per service: thousands of files).
public sealed class LogArchiver
{
    public async Task<int> ArchiveAsync(string directory, CancellationToken ct)
    {
        var files = Directory.EnumerateFiles(directory, "*.log.*").Where(f => !f.EndsWith(".gz")).ToList();
        await Task.WhenAll(files.Select(f => CompressAsync(f, ct))); // expect: unbounded-concurrency
        return files.Count;
    }

    private static async Task CompressAsync(string path, CancellationToken ct)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, useAsync: true);
        await using var output = new FileStream(path + ".gz", FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true);
        await using var gzip = new GZipStream(output, CompressionLevel.Optimal);

        var buffer = new byte[65536];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0) // expect: blocking-call-in-async
        {
            await gzip.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await gzip.FlushAsync(ct);
        File.Delete(path);
    }
}
