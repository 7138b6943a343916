using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Config;

public class ConfigLoader
{
    public async Task<AppConfig?> LoadAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<AppConfig>(stream, cancellationToken: ct);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}

public record AppConfig(string Name);
