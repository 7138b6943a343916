using System;
using System.Threading.Tasks;

namespace AsyncExpert.Templates.Scenarios;

/// <summary>The child-process modes of the process-level scenarios (graceful-shutdown).</summary>
internal static partial class Children
{
    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case ["graceful-shutdown", .. string[] rest]:
                return await GracefulShutdownChildAsync(rest);
            default:
                await Console.Error.WriteLineAsync($"unknown child mode: {string.Join(' ', args)}");
                return 2;
        }
    }
}
