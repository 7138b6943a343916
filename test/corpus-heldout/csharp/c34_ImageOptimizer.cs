using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Media.Tools;

/// Runs an external optimizer with a deadline: the linked token is cancelled
/// after 60 seconds, WaitForExitAsync observes it, and the process tree is
/// killed when it fires.
public sealed class ImageOptimizer
{
    public async Task<int> OptimizeAsync(string path, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));

        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("oxipng", $"-o 4 --strip safe \"{path}\"")
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            },
        };
        process.Start();
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        _ = await stderr;
        return process.ExitCode;
    }
}
