using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Market.Feeds;

/// Reads one quote line from a market data socket. Both the connect and the
/// read get a deadline from a linked token, so a silent server cannot hang
/// the caller.
public sealed class QuoteFeed
{
    private readonly string _host;
    private readonly int _port;

    public QuoteFeed(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public async Task<string> ReadQuoteAsync(string symbol, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_host, _port, cts.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"Q {symbol}\n"), SocketFlags.None, cts.Token);

        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.ASCII.GetString(buffer, 0, received).TrimEnd('\n');
    }
}
