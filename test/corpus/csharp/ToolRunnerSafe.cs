using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Tools;

public class ToolRunnerSafe
{
    public async Task<int> RunAsync(string exe)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var process = Process.Start(exe)!;
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }
}
