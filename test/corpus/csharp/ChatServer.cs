using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Chat;

public class ChatServer
{
    public async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None); // expect: missing-timeout
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);
    }
}
