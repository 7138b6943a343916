using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

namespace AsyncExpert.Templates.SelfCheck;

/// <summary>
/// Runs the SelfCheck of one template (by pattern id) or of all of them. A template with id "retry-backoff" lives in
/// namespace AsyncExpert.Patterns.RetryBackoff and exposes <c>public static class SelfCheck</c> with
/// <c>public static Task RunAsync()</c>; the lookup is by convention so a new template file needs no registration.
/// Exit codes: 0 all checks passed, 1 a check failed, 2 bad usage or unknown id.
/// </summary>
internal static class Program
{
    private const string NamespacePrefix = "AsyncExpert.Patterns.";

    // A self-check that hangs must fail the run rather than stall CI; checks are designed to take well under 3 s.
    private static readonly TimeSpan PerCheckLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> Main(string[] args)
    {
        SortedDictionary<string, MethodInfo> checks = DiscoverChecks();
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync($"usage: <pattern-id>|all|--list. Known: {string.Join(", ", checks.Keys)}").ConfigureAwait(false);
            return 2;
        }

        string requested = args[0];
        if (requested == "--list")
        {
            foreach (string id in checks.Keys)
            {
                Console.WriteLine(id);
            }
            return 0;
        }

        List<string> ids;
        if (requested == "all")
        {
            ids = checks.Keys.ToList();
        }
        else if (checks.ContainsKey(requested))
        {
            ids = [requested];
        }
        else
        {
            await Console.Error.WriteLineAsync($"Unknown pattern \"{requested}\". Known: {string.Join(", ", checks.Keys)}").ConfigureAwait(false);
            return 2;
        }

        int failures = 0;
        foreach (string id in ids)
        {
            Stopwatch stopwatch = Stopwatch.StartNew();
            try
            {
                Task check = (Task)(checks[id].Invoke(null, null)
                    ?? throw new InvalidOperationException($"{id}: SelfCheck.RunAsync returned null"));
                await check.WaitAsync(PerCheckLimit).ConfigureAwait(false);
                Console.WriteLine($"PASS {id} ({stopwatch.ElapsedMilliseconds} ms, {Environment.Version})");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException) // a failed check is reported, not rethrown
            {
                failures++;
                Exception shown = ex is TargetInvocationException { InnerException: Exception inner } ? inner : ex;
                await Console.Error.WriteLineAsync($"FAIL {id}: {shown}").ConfigureAwait(false);
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static SortedDictionary<string, MethodInfo> DiscoverChecks()
    {
        SortedDictionary<string, MethodInfo> checks = new(StringComparer.Ordinal);
        foreach (Type type in typeof(Program).Assembly.GetTypes())
        {
            if (type.Name != "SelfCheck" || type.Namespace is not string ns || !ns.StartsWith(NamespacePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            MethodInfo method = type.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{type.FullName} has no public static RunAsync()");
            if (method.ReturnType != typeof(Task))
            {
                throw new InvalidOperationException($"{type.FullName}.RunAsync must return Task, not {method.ReturnType}");
            }
            checks.Add(ToPatternId(ns[NamespacePrefix.Length..]), method);
        }
        return checks;
    }

    /// <summary>"RetryBackoff" -> "retry-backoff".</summary>
    private static string ToPatternId(string pascal)
    {
        StringBuilder id = new(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                id.Append('-');
            }
            id.Append(char.ToLowerInvariant(c));
        }
        return id.ToString();
    }
}
