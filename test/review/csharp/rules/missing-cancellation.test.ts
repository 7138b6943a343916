import { cs, csRuleTable } from '../helpers.js';

csRuleTable('missing-cancellation', {
  valid: [
    { name: 'token passed on, positionally, by name, or linked', code: cs`
      class C {
          async Task M(HttpClient http, Stream s, byte[] b, CancellationToken ct) {
              await Task.Delay(100, ct);
              await http.GetStringAsync("https://x", cancellationToken: ct);
              using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
              await s.ReadAsync(b, 0, b.Length, cts.Token);
          }
      }` },
    { name: 'no token received, or a call that takes none', code: cs`
      class C {
          async Task M() { await Task.Delay(100); }
          async Task N(List<Task> ts, CancellationToken ct) { await Task.WhenAll(ts); }
      }` },
    { name: 'the token inside an argument, a static lambda, another framework', code: cs`
      class C {
          Ctx Get(Args a) => new Ctx();
          Ctx Get(string key, CancellationToken ct = default) => new Ctx();
          void M(TaskCompletionSource<int> tcs, CancellationToken ct) {
              var c = Get(new Args("k", ct));
              using var r = ct.Register(static s => ((TaskCompletionSource<int>)s!).TrySetCanceled(), tcs);
      #if !NET6_0_OR_GREATER
              Task.Delay(100).Wait();
      #endif
          }
      }` },
    { name: 'CancellationToken.None passed on purpose', code: cs`
      class C {
          async Task M(CancellationToken ct) { await Task.Delay(100, CancellationToken.None); }
      }` },
  ],
  invalid: [
    { name: 'Delay, ReadAsync and a method of this file', code: cs`
      using System.IO;
      class C {
          async Task M(Stream s, byte[] b, CancellationToken ct) {
              await Task.Delay(100);
              await s.ReadAsync(b, 0, b.Length);
              await SaveAsync(b);
          }
          Task SaveAsync(byte[] b, CancellationToken ct = default) => Task.CompletedTask;
      }`, lines: [4, 5, 6] },
    { name: 'a lambda token from Parallel.ForEachAsync', code: cs`
      class C {
          async Task M(List<string> ids, HttpClient http) {
              await Parallel.ForEachAsync(ids, async (id, token) => {
                  await http.GetStringAsync(id);
              });
          }
      }`, lines: [4] },
    { name: 'EF Core operators', code: cs`
      using Microsoft.EntityFrameworkCore;
      class C {
          async Task M(ShopContext db, CancellationToken cancellationToken) {
              var open = await db.Orders.Where(o => o.Open).ToListAsync();
              await db.SaveChangesAsync();
          }
      }`, lines: [4, 5] },
  ],
});
