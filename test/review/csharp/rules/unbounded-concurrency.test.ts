import { cs, csRuleTable } from '../helpers.js';

csRuleTable('unbounded-concurrency', {
  valid: [
    { name: 'semaphore inside each task', code: cs`
      class C {
          private readonly SemaphoreSlim _gate = new(8);
          async Task M(IEnumerable<string> urls, HttpClient http) {
              await Task.WhenAll(urls.Select(async u => {
                  await _gate.WaitAsync();
                  try { await http.GetStringAsync(u); } finally { _gate.Release(); }
              }));
          }
      }` },
    { name: 'tasks written out, Take(n), chunks, worker range', code: cs`
      class C {
          async Task M(IApi api, List<string> ids) {
              await Task.WhenAll(api.AAsync(), api.BAsync());
              await Task.WhenAll(ids.Take(10).Select(id => api.GetAsync(id)));
              foreach (var chunk in ids.Chunk(20)) await Task.WhenAll(chunk.Select(id => api.GetAsync(id)));
              await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.WorkAsync()));
          }
      }` },
    { name: 'throttled inside a method of this file', code: cs`
      class C {
          private readonly SemaphoreSlim _sem = new(4);
          async Task M(List<string> ids) { await Task.WhenAll(ids.Select(Fetch)); }
          async Task Fetch(string id) { await _sem.WaitAsync(); try { await Task.Delay(1); } finally { _sem.Release(); } }
      }` },
  ],
  invalid: [
    { name: 'WhenAll over Select', code: cs`
      class C {
          async Task M(IEnumerable<string> urls, HttpClient http) {
              var pages = await Task.WhenAll(urls.Select(u => http.GetStringAsync(u)));
          }
      }`, lines: [3] },
    { name: 'tasks added in a loop, through a ToList local', code: cs`
      class C {
          async Task M(List<Order> orders, IApi api) {
              var tasks = new List<Task>();
              foreach (var o in orders) tasks.Add(api.ShipAsync(o));
              await Task.WhenAll(tasks);
              var more = orders.Select(o => api.BillAsync(o)).ToList();
              await Task.WhenAll(more);
          }
      }`, lines: [5, 7] },
  ],
});
