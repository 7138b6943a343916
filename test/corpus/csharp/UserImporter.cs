using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Users;

public class UserImporter
{
    private readonly IUserApi _api;

    public UserImporter(IUserApi api) => _api = api;

    public async Task ImportAsync(IEnumerable<string> emails, CancellationToken ct)
    {
        foreach (var email in emails)
        {
            await _api.CreateAsync(email, ct); // expect: await-in-loop
        }
        await _api.NotifyAdminsAsync(); // expect: missing-cancellation
    }
}

public interface IUserApi
{
    Task CreateAsync(string email, CancellationToken ct);
    Task NotifyAdminsAsync(CancellationToken ct = default);
}
