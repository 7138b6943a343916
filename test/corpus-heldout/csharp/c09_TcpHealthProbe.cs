using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ops.Health;

public sealed record ProbeResult(string Host, int Port, bool Up, TimeSpan Elapsed);

public sealed class TcpHealthProbe
{
    private readonly int _retries;

    public TcpHealthProbe(int retries = 3) => _retries = retries;

    public async Task<ProbeResult> ProbeAsync(string host, int port)
    {
        var sw = Stopwatch.StartNew();
        for (var attempt = 0; attempt < _retries; attempt++)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(host, port); // expect: missing-timeout
                return new ProbeResult(host, port, true, sw.Elapsed);
            }
            catch (SocketException)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250 * (attempt + 1))); // expect: blocking-call-in-async
            }
        }
        return new ProbeResult(host, port, false, sw.Elapsed);
    }
}
