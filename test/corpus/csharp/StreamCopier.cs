using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Storage;

public class StreamCopier
{
    public async Task<long> CopyAsync(Stream source, string destination, CancellationToken ct)
    {
        await using var target = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await source.CopyToAsync(target, ct);
        await target.FlushAsync(ct);
        return target.Length;
    }

    public long CopySync(Stream source, string destination)
    {
        using var target = File.Create(destination);
        source.CopyTo(target);
        return target.Length;
    }
}
