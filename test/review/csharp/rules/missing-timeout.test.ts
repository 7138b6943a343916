import { cs, csRuleTable } from '../helpers.js';

csRuleTable('missing-timeout', {
  valid: [
    { name: 'a token with a deadline, or a timeout overload', code: cs`
      using System.Diagnostics;
      class C {
          async Task M(Process p) {
              using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
              await p.WaitForExitAsync(cts.Token);
              p.WaitForExit(5000);
          }
      }` },
    { name: 'a token in scope (missing-cancellation territory) and HttpClient with its default timeout', code: cs`
      using System.Net.Sockets;
      class C {
          async Task M(TcpClient c, HttpClient http, CancellationToken ct) {
              await c.ConnectAsync("db", 5432, ct);
              await http.GetStringAsync("https://x");
          }
      }` },
  ],
  invalid: [
    { name: 'process exit and socket connect with no deadline', code: cs`
      using System.Diagnostics;
      using System.Net.Sockets;
      class C {
          async Task M(string exe) {
              using var p = Process.Start(exe);
              await p.WaitForExitAsync();
              using var client = new TcpClient();
              await client.ConnectAsync("db", 5432);
          }
      }`, lines: [6, 8] },
    { name: 'a line read over a network stream, CancellationToken.None', code: cs`
      using System.IO;
      using System.Net.Sockets;
      class C {
          async Task<string?> M(TcpClient client, Socket s, byte[] b) {
              var reader = new StreamReader(client.GetStream());
              await s.ReceiveAsync(b, SocketFlags.None, CancellationToken.None);
              return await reader.ReadLineAsync();
          }
      }`, lines: [6, 7] },
    { name: 'HttpClient with an infinite timeout', code: cs`
      class C {
          private readonly HttpClient _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
      }`, lines: [2] },
  ],
});
