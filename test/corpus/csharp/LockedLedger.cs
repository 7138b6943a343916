using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ledger;

public class LockedLedger
{
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private decimal _balance;
    private readonly object _sync = new();
    private readonly List<string> _history = new();

    public async Task WithdrawAsync(decimal amount, IBank bank, CancellationToken ct)
    {
        await _mutex.WaitAsync(ct);
        try
        {
            var current = _balance;
            await bank.DebitAsync(amount, ct);
            _balance = current - amount;
        }
        finally
        {
            _mutex.Release();
        }
    }

    public Task RecordAllAsync(IEnumerable<string> entries) => Task.Run(() =>
    {
        foreach (var e in entries)
        {
            lock (_sync) { _history.Add(e); }
        }
    });
}

public interface IBank { Task DebitAsync(decimal amount, CancellationToken ct); }
