using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Cli;

public static class Program
{
    public static void Main(string[] args)
    {
        RunAsync(args).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(string[] args)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = await http.GetStringAsync(args[0]);
        Console.WriteLine(body.Length);
    }
}
