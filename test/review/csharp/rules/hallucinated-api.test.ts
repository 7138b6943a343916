import { cs, csRuleTable } from '../helpers.js';

csRuleTable('hallucinated-api', {
  valid: [
    { name: 'real members, extension methods from the catalog, object members', code: cs`
      using System.Net.Http.Json;
      using System.Threading.Channels;
      class C {
          async Task M(HttpClient http, SemaphoreSlim sem, List<Task> ts) {
              await Task.WhenAll(ts);
              await sem.WaitAsync();
              var ch = Channel.CreateBounded<int>(new BoundedChannelOptions(10) { FullMode = BoundedChannelFullMode.Wait });
              var user = await http.GetFromJsonAsync<User>("https://x");
              Console.WriteLine(sem.ToString());
          }
      }` },
    { name: 'framework-conditional code, members a base outside the catalog gives, a property named like a type', code: cs`
      class C {
          void M(TimeProvider tp, OperationCanceledException oce) {
      #if !NET8_0_OR_GREATER
              tp.Delay(TimeSpan.FromSeconds(1));
      #endif
              Console.WriteLine(oce.Message);
              var clock = Channel.Clock;
          }
      }` },
    { name: 'types the catalog does not cover, and types declared here', code: cs`
      class Task { public static void WhenAllAsync() { } }
      class C {
          void M(MyQueue q) { Task.WhenAllAsync(); q.DrainAsync(); }
      }` },
  ],
  invalid: [
    { name: 'invented static members', code: cs`
      using System.Threading.Channels;
      class C {
          async Task M(List<Task> ts) {
              await Task.WhenAllAsync(ts);
              var ch = Channel.CreateBoundedAsync<int>(10);
          }
      }`, lines: [4, 5], severities: ['error', 'error'] },
    { name: 'invented instance member (warning) and initializer property', code: cs`
      class C {
          async Task M(SemaphoreSlim sem) {
              await sem.AcquireAsync();
              var http = new HttpClient { RequestTimeout = TimeSpan.FromSeconds(5) };
          }
      }`, lines: [3, 4], severities: ['warning', 'error'] },
    { name: 'a named argument no overload has', code: cs`
      class C {
          async Task M(CancellationToken ct) { await Task.Delay(100, cancellation: ct); }
      }`, lines: [2] },
  ],
});
