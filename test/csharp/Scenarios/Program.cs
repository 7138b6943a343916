using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace AsyncExpert.Templates.Scenarios;

/// <summary>Marks a scenario: the contract item of templates/contracts/&lt;pattern&gt;.json it checks.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ItemAttribute(string pattern, string id) : Attribute
{
    public string Pattern { get; } = pattern;
    public string Id { get; } = id;
}

/// <summary>
/// Runs every scenario (or those of the patterns named on the command line) and prints one line each:
/// "PASS &lt;pattern&gt;/&lt;item&gt; (ms)" or "FAIL &lt;pattern&gt;/&lt;item&gt;: reason". Exit code 0 when all passed.
/// "--child &lt;mode&gt; ..." runs one of the child-process modes the process-level scenarios start.
/// </summary>
internal static class Program
{
    // A scenario that hangs fails instead of stalling the run; scenarios take milliseconds on the fake clock.
    private static readonly TimeSpan PerScenarioLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--child")
        {
            return await Children.RunAsync(args.Skip(1).ToArray());
        }
        List<(ItemAttribute Item, MethodInfo Method)> scenarios = typeof(Program).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(method => (Item: method.GetCustomAttribute<ItemAttribute>()!, Method: method))
            .Where(entry => entry.Item is not null && (args.Length == 0 || args.Contains(entry.Item.Pattern)))
            .OrderBy(entry => entry.Item.Pattern, StringComparer.Ordinal)
            .ThenBy(entry => entry.Item.Id, StringComparer.Ordinal)
            .ToList();
        Console.WriteLine($"runtime {Environment.Version}");
        int failures = 0;
        foreach ((ItemAttribute item, MethodInfo method) in scenarios)
        {
            Stopwatch watch = Stopwatch.StartNew();
            string name = $"{item.Pattern}/{item.Id}";
            try
            {
                Task run = (Task)method.Invoke(null, null)!;
                await run.WaitAsync(PerScenarioLimit);
                Console.WriteLine($"PASS {name} ({watch.ElapsedMilliseconds} ms)");
            }
            catch (Exception ex) // reported per scenario; the run goes on
            {
                failures++;
                Exception shown = ex is TargetInvocationException { InnerException: Exception inner } ? inner : ex;
                Console.WriteLine($"FAIL {name}: {shown.GetType().Name}: {shown.Message}");
                Console.Error.WriteLine($"FAIL {name}: {shown}");
            }
        }
        Console.WriteLine($"{scenarios.Count - failures} passed, {failures} failed");
        return failures == 0 ? 0 : 1;
    }
}
