import { cs, csRuleTable } from '../helpers.js';

csRuleTable('floating-promise', {
  valid: [
    { name: 'awaited, returned, stored, discarded on purpose', code: cs`
      class C {
          async Task M() {
              await SendAsync();
              var t = SendAsync();
              _ = SendAsync();
              await t;
          }
          Task N() => SendAsync();
          Task SendAsync() => Task.CompletedTask;
      }` },
    { name: 'void-returning calls and a handled continuation', code: cs`
      class C {
          void M(List<int> xs, Task t) {
              xs.Add(1);
              t.ContinueWith(x => Console.WriteLine(x.Exception), TaskContinuationOptions.OnlyOnFaulted);
              Log("done");
          }
          void Log(string s) { }
      }` },
  ],
  invalid: [
    { name: 'a Task method of this file dropped', code: cs`
      class C {
          async Task M() {
              SendAsync();
              await Task.Yield();
          }
          Task SendAsync() => Task.CompletedTask;
      }`, lines: [3], severities: ['error'] },
    { name: 'Task.Run and Task.Delay dropped in sync code', code: cs`
      class C {
          void Start() {
              Task.Run(() => Work());
              Task.Delay(100);
          }
          void Work() { }
      }`, lines: [3, 4] },
    { name: 'an unresolved ...Async call dropped (medium confidence)', code: cs`
      class C {
          async Task M(IMailer mailer) {
              mailer.SendWelcomeAsync("a@b.c");
              await Task.Yield();
          }
      }`, lines: [3], severities: ['warning'] },
    { name: 'with ConfigureAwait and ?.', code: cs`
      class C {
          async Task M(HttpClient http) {
              http.GetAsync("https://x").ConfigureAwait(false);
              http?.GetAsync("https://y");
              await Task.Yield();
          }
      }`, lines: [3, 4] },
  ],
});
