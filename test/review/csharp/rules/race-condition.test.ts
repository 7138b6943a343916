import { cs, csRuleTable } from '../helpers.js';

csRuleTable('race-condition', {
  valid: [
    { name: 'Interlocked, lock, concurrent collection', code: cs`
      using System.Collections.Concurrent;
      class C {
          private int _n;
          private readonly object _gate = new();
          private readonly ConcurrentDictionary<string, int> _seen = new();
          private readonly List<string> _log = new();
          async Task M(List<string> ids) {
              await Parallel.ForEachAsync(ids, async (id, t) => {
                  Interlocked.Increment(ref _n);
                  _seen[id] = 1;
                  lock (_gate) { _log.Add(id); }
                  await Task.Yield();
              });
          }
      }` },
    { name: 'locals inside the lambda, and a one-slot semaphore around read-await-write', code: cs`
      class C {
          private readonly SemaphoreSlim _mutex = new(1, 1);
          private int _balance;
          async Task M(List<int> xs) {
              await Task.Run(() => { var local = 0; local++; });
              await _mutex.WaitAsync();
              try { var b = _balance; await Task.Delay(1); _balance = b - 1; } finally { _mutex.Release(); }
          }
      }` },
  ],
  invalid: [
    { name: 'shared counter and list from concurrent tasks', code: cs`
      class C {
          private int _done;
          async Task M(List<string> ids) {
              var results = new List<string>();
              await Task.WhenAll(ids.Take(5).Select(async id => {
                  await Task.Delay(1);
                  results.Add(id);
                  _done++;
              }));
          }
      }`, lines: [7, 8] },
    { name: 'read, await, write back; check-then-act; += await', code: cs`
      class C {
          private decimal _balance;
          private Config? _config;
          private int _total;
          async Task Withdraw(decimal amount, IBank bank) {
              var current = _balance;
              await bank.DebitAsync(amount);
              _balance = current - amount;
          }
          async Task<Config> Get(IStore store) {
              if (_config == null) { _config = await store.LoadAsync(); }
              return _config;
          }
          async Task Add(IStore store) { _total += await store.CountAsync(); }
      }`, lines: [8, 11, 14] },
  ],
});
