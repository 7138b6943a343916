import { cs, csRuleTable } from '../helpers.js';

csRuleTable('async-void', {
  valid: [
    { name: 'event handler with sender and EventArgs', code: cs`
      class Form1 {
          private async void OnSave(object sender, EventArgs e) { await Task.Delay(1); }
          protected override async void OnLoad(EventArgs e) { await Task.Delay(1); }
      }` },
    { name: 'async Task method, Task.Run with an async lambda, event subscription', code: cs`
      class Worker {
          public async Task RunAsync() { await Task.Run(async () => await Task.Delay(1)); }
          public void Hook(System.Timers.Timer t) { t.Elapsed += async (s, e) => await RunAsync(); }
          Func<Task> _job = async () => await Task.Delay(1);
      }` },
    { name: 'sync void method and a ForEach with a sync lambda', code: cs`
      class C {
          void Print(List<int> xs) { xs.ForEach(x => Console.WriteLine(x)); }
      }` },
  ],
  invalid: [
    { name: 'async void method', code: cs`
      class C {
          public async void Refresh() { await Task.Delay(1); }
      }`, lines: [2], severities: ['warning'] },
    { name: 'async lambda given to List.ForEach and Parallel.ForEach', code: cs`
      using System.Threading.Tasks;
      class C {
          void All(List<string> ids) {
              ids.ForEach(async id => await SendAsync(id));
              Parallel.ForEach(ids, async id => await SendAsync(id));
          }
          Task SendAsync(string id) => Task.CompletedTask;
      }`, lines: [4, 5], severities: ['error', 'error'] },
    { name: 'async lambda stored as Action, and given to a Timer', code: cs`
      using System.Threading;
      class C {
          void Start() {
              Action tick = async () => await Task.Delay(1);
              var timer = new Timer(async _ => await Task.Delay(1), null, 0, 1000);
          }
      }`, lines: [4, 5] },
    { name: 'async local function returning void', code: cs`
      class C {
          void M() {
              async void Fire() { await Task.Delay(1); }
              Fire();
          }
      }`, lines: [3] },
  ],
});
