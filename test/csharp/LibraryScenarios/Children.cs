using System;
using System.Threading.Tasks;

namespace AsyncExpert.Templates.Scenarios;

/// <summary>
/// Program.cs (shared with ../Scenarios) hands "--child" runs to this class. No library scenario starts a child
/// process, so every mode is unknown here.
/// </summary>
internal static class Children
{
    public static async Task<int> RunAsync(string[] args)
    {
        await Console.Error.WriteLineAsync($"unknown child mode: {string.Join(' ', args)} (the library scenarios have none)");
        return 2;
    }
}
