import { cs, csRuleTable } from '../helpers.js';

csRuleTable('too-new-api', {
  valid: [
    { name: 'APIs present on the target', code: cs`
      class C {
          async Task M(CancellationTokenSource cts, List<Task> ts) {
              await Task.WhenAll(ts);
              await cts.CancelAsync();
          }
      }`, target: { dotnet: '8' } },
    { name: 'newer APIs on a newer target', code: cs`
      using System.Threading;
      class C {
          private readonly Lock _gate = new();
          async Task M(List<Task> ts) { await foreach (var t in Task.WhenEach(ts)) { } }
      }`, target: { dotnet: '9' } },
  ],
  invalid: [
    { name: 'Task.WhenEach and Lock on .NET 8', code: cs`
      using System.Threading;
      class C {
          private readonly Lock _gate = new();
          async Task M(List<Task> ts) { await foreach (var t in Task.WhenEach(ts)) { } }
      }`, target: { dotnet: '8' }, lines: [3, 4] },
    { name: 'CancelAsync and Parallel.ForAsync on .NET 6', code: cs`
      class C {
          async Task M(CancellationTokenSource cts) {
              await cts.CancelAsync();
              await Parallel.ForAsync(0, 10, async (i, t) => await Task.Yield());
          }
      }`, target: { dotnet: '6' }, lines: [3, 4] },
  ],
});
