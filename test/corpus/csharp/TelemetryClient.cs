using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Telemetry;

public class TelemetryClient
{
    public async Task<string?> HandshakeAsync(string host)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, 9000); // expect: missing-timeout
        var reader = new StreamReader(client.GetStream());
        return await reader.ReadLineAsync(); // expect: missing-timeout
    }
}
