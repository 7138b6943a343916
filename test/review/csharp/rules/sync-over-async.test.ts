import { cs, csRuleTable } from '../helpers.js';

csRuleTable('sync-over-async', {
  valid: [
    { name: 'awaited first, then .Result', code: cs`
      class C {
          async Task<int> M(Task<int> a, Task<int> b) {
              await Task.WhenAll(a, b);
              return a.Result + b.Result;
          }
      }` },
    { name: 'ContinueWith antecedent, Task.FromResult, WhenAny winner', code: cs`
      class C {
          async Task<int> M(Task<int> a, Task<int> b) {
              var t = a.ContinueWith(x => x.Result + 1);
              var done = await Task.WhenAny(a, b);
              return done.Result + Task.FromResult(1).Result + await t;
          }
      }` },
    { name: 'Result of something that is not a task, and Main', code: cs`
      class C {
          string M(ActionResult<string> r) { return r.Result.ToString(); }
          static void Main() { RunAsync().GetAwaiter().GetResult(); }
          static Task RunAsync() => Task.CompletedTask;
      }` },
    { name: 'IsCompleted checked first', code: cs`
      class C {
          int M(Task<int> t) { return t.IsCompleted ? t.Result : -1; }
      }` },
  ],
  invalid: [
    { name: '.Result and .Wait() in an async method', code: cs`
      class C {
          async Task<string> M(HttpClient http) {
              var s = http.GetStringAsync("https://x").Result;
              Task.Delay(10).Wait();
              await Task.Yield();
              return s;
          }
      }`, lines: [3, 4], severities: ['error', 'error'] },
    { name: 'GetAwaiter().GetResult() in sync code', code: cs`
      class C {
          public string Load() { return LoadAsync().GetAwaiter().GetResult(); }
          Task<string> LoadAsync() => Task.FromResult("x");
      }`, lines: [2], severities: ['warning'] },
    { name: 'Task.WaitAll and a task variable', code: cs`
      class C {
          void M(Task<int> t, Task u) {
              Task.WaitAll(t, u);
              var v = t.Result;
          }
      }`, lines: [3] },
    { name: 'a call named ...Async that nothing resolves', code: cs`
      class C {
          void M(IRepo repo) { var user = repo.FindUserAsync(1).Result; }
      }`, lines: [2], severities: ['warning'] },
  ],
});
