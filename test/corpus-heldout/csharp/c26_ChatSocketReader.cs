using System;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Chat.Client;

public sealed record ChatMessage(string From, string Text);

public sealed class ChatSocketReader
{
    private readonly ClientWebSocket _socket = new();

    public async Task ConnectAsync(Uri server, CancellationToken ct)
    {
        using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectCts.CancelAfter(TimeSpan.FromSeconds(10));
        await _socket.ConnectAsync(server, connectCts.Token);
    }

    /// Waits for the next chat message from the server.
    public async Task<ChatMessage?> ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        var result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None); // expect: missing-timeout
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }
        var json = Encoding.UTF8.GetString(buffer, 0, result.Count);
        try
        {
            return JsonSerializer.Deserialize<ChatMessage>(json);
        }
        catch (Exception) { } // expect: swallowed-error
        return new ChatMessage("system", "");
    }
}
