using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Uploads;

public class BatchUploader
{
    private readonly IBlobApi _blobs;

    public BatchUploader(IBlobApi blobs) => _blobs = blobs;

    public async Task UploadAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        foreach (var chunk in files.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(f => _blobs.PutAsync(f, ct)));
        }
    }
}

public interface IBlobApi { Task PutAsync(string file, CancellationToken ct); }
