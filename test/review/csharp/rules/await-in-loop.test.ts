import { cs, csRuleTable } from '../helpers.js';

csRuleTable('await-in-loop', {
  valid: [
    { name: 'paging while loop, first success, await foreach', code: cs`
      class C {
          async Task M(IApi api, IAsyncEnumerable<int> stream, List<string> mirrors) {
              string? cursor = null;
              do { var page = await api.GetPageAsync(cursor); cursor = page.Next; } while (cursor != null);
              foreach (var m in mirrors) { if (await api.PingAsync(m)) return; }
              await foreach (var x in stream) { await api.SendAsync(x); }
          }
      }` },
    { name: 'each turn feeds the next, and ordered writes', code: cs`
      class C {
          async Task M(IApi api, List<string> steps, List<string> lines, StreamWriter writer) {
              var state = "";
              foreach (var s in steps) { state = await api.ApplyStepAsync(state, s); }
              foreach (var l in lines) { await writer.WriteLineAsync(l); }
          }
      }` },
    { name: 'disposing in order', code: cs`
      class C {
          async Task M(List<IAsyncDisposable> parts) { foreach (var p in parts) await p.DisposeAsync(); }
      }` },
    { name: 'retry loop counted with a constant, delays', code: cs`
      class C {
          async Task M(IApi api, List<string> items) {
              for (int attempt = 0; attempt < 3; attempt++) { await api.PingAsync("x"); }
              foreach (var i in items) { await Task.Delay(100); }
          }
      }` },
    { name: 'EF Core context and DB commands: one connection cannot overlap', code: cs`
      class C {
          async Task M(ShopContext db, List<Order> orders) {
              foreach (var o in orders) { db.Add(o); await db.SaveChangesAsync(); }
          }
      }` },
  ],
  invalid: [
    { name: 'independent calls per item', code: cs`
      class C {
          async Task<List<User>> M(IApi api, List<int> ids) {
              var users = new List<User>();
              foreach (var id in ids) {
                  users.Add(await api.GetUserAsync(id));
              }
              return users;
          }
      }`, lines: [5] },
    { name: 'index loop over a collection', code: cs`
      class C {
          async Task M(HttpClient http, string[] urls) {
              for (var i = 0; i < urls.Length; i++) {
                  var body = await http.GetStringAsync(urls[i]);
                  Console.WriteLine(body.Length);
              }
          }
      }`, lines: [4] },
  ],
});
