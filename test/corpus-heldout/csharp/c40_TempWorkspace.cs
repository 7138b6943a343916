using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Build.Agent;

/// A scratch directory for one build. Deleting it is best effort: a file still
/// locked by an antivirus scanner must not fail the build, so only IOException
/// and UnauthorizedAccessException are caught, and they are logged.
public sealed class TempWorkspace : IAsyncDisposable
{
    private readonly ILogger _logger;

    public TempWorkspace(ILogger logger)
    {
        _logger = logger;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public async Task<string> WriteAsync(string name, string content, CancellationToken ct)
    {
        var file = System.IO.Path.Combine(Path, name);
        try
        {
            await File.WriteAllTextAsync(file, content, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _logger.LogInformation("Write of {File} cancelled", name);
            throw;
        }
        return file;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "Could not delete workspace {Path}; it will be removed by the nightly cleanup", Path);
        }
        return ValueTask.CompletedTask;
    }
}
