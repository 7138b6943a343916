using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Accounting.Data;

public sealed record LedgerEntry(long Id, string Account, decimal Amount);

public sealed class LedgerRepository
{
    private readonly NpgsqlDataSource _dataSource;

    public LedgerRepository(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public async Task<IReadOnlyList<LedgerEntry>> ForAccountAsync(string account, CancellationToken ct)
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, account, amount FROM ledger WHERE account = $1 ORDER BY id", conn);
        cmd.Parameters.AddWithValue(account);

        var result = new List<LedgerEntry>();
        await using var reader = cmd.ExecuteReader(); // expect: blocking-call-in-async
        while (await reader.ReadAsync(ct))
        {
            result.Add(new LedgerEntry(reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2)));
        }
        return result;
    }

    public async Task<decimal> BalanceAsync(string account, CancellationToken ct)
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE account = $1", conn);
        cmd.Parameters.AddWithValue(account);
        var value = await cmd.ExecuteScalarAsync(); // expect: missing-cancellation
        return (decimal)value!;
    }
}
