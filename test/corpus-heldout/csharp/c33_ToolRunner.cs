using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Build.Agent;

public sealed record ToolResult(int ExitCode, string Output);

public sealed class ToolRunner
{
    /// Runs `git fetch` in a checkout when the build agent's web UI asks for
    /// fresh branches; the output goes to the agent's own log file.
    public async Task<ToolResult> FetchAsync(string workDir, string remote)
    {
        var psi = new ProcessStartInfo("git", $"fetch --prune {remote}")
        {
            WorkingDirectory = workDir,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync(); // expect: missing-timeout
        return new ToolResult(process.ExitCode, "");
    }

    /// Converts an uploaded document to PDF with LibreOffice.
    public async Task<ToolResult> ConvertToPdfAsync(string inputPath, string outDir, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("soffice", $"--headless --convert-to pdf --outdir \"{outDir}\" \"{inputPath}\"")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var outputTask = process.StandardOutput.ReadToEndAsync(ct);
        if (!process.WaitForExit(120_000)) // expect: blocking-call-in-async
        {
            process.Kill(entireProcessTree: true);
        }
        return new ToolResult(process.HasExited ? process.ExitCode : -1, await outputTask);
    }
}
