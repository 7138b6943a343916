using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Security;

public class HashingService
{
    public Task<byte[]> HashAsync(byte[] data, CancellationToken ct)
    {
        return Task.Run(() => SHA256.HashData(data), ct);
    }

    public async Task<int> LengthAsync(Task<byte[]> pending)
    {
        var hash = await pending;
        return hash.Length + pending.Result.Length;
    }
}
