using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace Billing;

public class InvoiceRepository
{
    private readonly string _connectionString;

    public InvoiceRepository(string connectionString) => _connectionString = connectionString;

    public async Task<int> ArchiveAsync(int customerId, CancellationToken ct)
    {
        await using var connection = new SqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        using var command = new SqlCommand("UPDATE invoices SET archived = 1 WHERE customer_id = @id", connection);
        command.Parameters.AddWithValue("@id", customerId);
        return command.ExecuteNonQuery(); // expect: blocking-call-in-async
    }
}
