using System.Diagnostics;
using System.Threading.Tasks;

namespace Tools;

public class ToolRunner
{
    public async Task<int> RunAsync(string exe, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(); // expect: missing-timeout
        return output.Length;
    }
}
