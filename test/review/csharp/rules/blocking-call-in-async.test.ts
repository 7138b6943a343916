import { cs, csRuleTable } from '../helpers.js';

csRuleTable('blocking-call-in-async', {
  valid: [
    { name: 'async twins awaited', code: cs`
      using System.IO;
      class C {
          async Task<string> M(string p, Stream s, byte[] buf) {
              await Task.Delay(10);
              await s.ReadAsync(buf, 0, buf.Length);
              return await File.ReadAllTextAsync(p);
          }
      }` },
    { name: 'blocking calls in sync code, or inside Task.Run', code: cs`
      using System.IO;
      class C {
          string M(string p) { Thread.Sleep(10); return File.ReadAllText(p); }
          Task<string> N(string p) => Task.Run(() => File.ReadAllText(p));
      }` },
    { name: 'a semaphore tried without waiting', code: cs`
      class C {
          private readonly SemaphoreSlim _gate = new(1);
          async Task M() { if (!_gate.Wait(0)) await _gate.WaitAsync(); }
      }` },
    { name: 'calls with no async twin, and disposal', code: cs`
      using System.IO;
      class C {
          async Task M(string p, Stream s) {
              if (File.Exists(p)) await Task.Yield();
              s.Dispose();
          }
      }` },
  ],
  invalid: [
    { name: 'Thread.Sleep, File.ReadAllText, stream.Write', code: cs`
      using System.IO;
      class C {
          async Task M(string p, FileStream s, byte[] b) {
              Thread.Sleep(100);
              var t = File.ReadAllText(p);
              s.Write(b, 0, b.Length);
              await Task.Yield();
          }
      }`, lines: [4, 5, 6], severities: ['error', 'warning', 'warning'] },
    { name: 'process wait, semaphore wait, wait handle', code: cs`
      using System.Diagnostics;
      class C {
          private readonly SemaphoreSlim _sem = new(1);
          async Task M(Process p, ManualResetEvent ev) {
              p.WaitForExit();
              _sem.Wait();
              ev.WaitOne();
              await Task.Yield();
          }
      }`, lines: [5, 6, 7] },
    { name: 'ADO.NET provider and EF Core sync calls', code: cs`
      using Microsoft.Data.SqlClient;
      using Microsoft.EntityFrameworkCore;
      class C {
          private readonly ShopContext _db;
          async Task M(SqlCommand cmd) {
              var n = cmd.ExecuteNonQuery();
              var orders = _db.Orders.Where(o => o.Open).ToList();
              _db.SaveChanges();
              await Task.Yield();
          }
      }`, lines: [6, 7, 8] },
  ],
});
