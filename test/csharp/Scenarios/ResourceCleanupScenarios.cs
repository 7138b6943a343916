using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncExpert.Patterns.ResourceCleanup;
using static AsyncExpert.Templates.Scenarios.Harness;

namespace AsyncExpert.Templates.Scenarios;

internal static class ResourceCleanupScenarios
{
    private const string P = "resource-cleanup";

    /// <summary>A resource that logs its release and can fail it.</summary>
    private sealed class Res(string name, List<string> log, Exception? releaseError = null) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public async ValueTask DisposeAsync()
        {
            await Task.Yield();
            lock (log)
            {
                log.Add($"release {Name}");
            }
            if (releaseError is not null)
            {
                throw releaseError;
            }
        }
    }

    private static Func<CancellationToken, Task<Res>> Open(string name, List<string> log, Exception? releaseError = null) =>
        _ => Task.FromResult(new Res(name, log, releaseError));

    [Item(P, "released-on-every-path")]
    public static async Task ReleasedOnEveryPath()
    {
        List<string> log = new();
        Expect(await Resources.UsingAsync(Open("returns", log), (r, _) => Task.FromResult(r.Name)) == "returns", "the body's result");
        Exception? thrown = await CatchAsync(() => Resources.UsingAsync<Res, int>(Open("throws", log), (_, _) => throw new InvalidOperationException("body failed")));
        Expect(thrown is InvalidOperationException { Message: "body failed" }, $"the body's error reaches the caller, got {thrown}");
        Clock clock = new();
        using CancellationTokenSource cancel = new();
        Task<int> waiting = Resources.UsingAsync(Open("cancelled", log), async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), clock, token);
            return 1;
        }, cancel.Token);
        await Until(() => clock.LiveTimers >= 1, "the body awaits");
        await cancel.CancelAsync();
        Exception? cancelled = await CatchAsync(() => waiting.WaitAsync(Patience));
        Expect(cancelled is OperationCanceledException, $"the cancellation reaches the caller, got {cancelled}");
        Expect(log.SequenceEqual(["release returns", "release throws", "release cancelled"]), $"released on all three paths: {string.Join(", ", log)}");
    }

    [Item(P, "release-error-keeps-original")]
    public static async Task ReleaseErrorKeepsOriginal()
    {
        List<string> log = new();
        InvalidOperationException a = new("A");
        IOException b = new("B");
        Exception? caught = await CatchAsync(() => Resources.UsingAsync<Res, int>(Open("r", log, b), (_, _) => throw a));
        Expect(ReferenceEquals(caught, a), $"A reaches the caller unchanged, got {caught}");
        Expect(ReferenceEquals(Resources.CleanupErrorOf(a), b), "and leads to B");
    }

    [Item(P, "partial-acquire-released")]
    public static async Task PartialAcquireReleased()
    {
        List<string> log = new();
        int bodyRan = 0;
        Exception? caught = await CatchAsync(() =>
            Resources.UsingAsync(Open("first", log), (_, t1) =>
                Resources.UsingAsync(Open("second", log), (_, t2) =>
                    Resources.UsingAsync<Res, int>(_ => throw new IOException("third could not open"), (_, _) =>
                    {
                        bodyRan++;
                        return Task.FromResult(0);
                    }, t2), t1)));
        Expect(caught is IOException { Message: "third could not open" }, $"the acquisition error reaches the caller, got {caught}");
        Expect(log.SequenceEqual(["release second", "release first"]) && bodyRan == 0, $"the first two released, the third never: {string.Join(", ", log)}");
    }

    [Item(P, "reverse-order")]
    public static async Task ReverseOrder()
    {
        List<string> log = new();
        string joined = await Resources.UsingAsync(Open("a", log), (a, t1) =>
            Resources.UsingAsync(Open("b", log), (b, t2) =>
                Resources.UsingAsync(Open("c", log), (c, _) => Task.FromResult(a.Name + b.Name + c.Name), t2), t1));
        Expect(joined == "abc" && log.SequenceEqual(["release c", "release b", "release a"]), $"released c, b, a: {string.Join(", ", log)}");
    }

    /// <summary>A temporary directory that its release deletes.</summary>
    private sealed class TempDir : IAsyncDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("async-expert-scenario-").FullName;

        public ValueTask DisposeAsync()
        {
            Directory.Delete(Path, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    [Item(P, "result-complete-before-release")]
    public static async Task ResultCompleteBeforeRelease()
    {
        string? where = null;
        string text = await Resources.UsingAsync(_ => Task.FromResult(new TempDir()), async (dir, token) =>
        {
            where = dir.Path;
            string file = System.IO.Path.Combine(dir.Path, "report.txt");
            await File.WriteAllTextAsync(file, "the whole report", token);
            return await File.ReadAllTextAsync(file, token);
        });
        Expect(text == "the whole report", $"the text comes back complete, got '{text}'");
        Expect(where is not null && !Directory.Exists(where), "the directory is gone afterwards");
    }
}
