using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Legacy.Membership;

public interface IUserApi
{
    Task<UserDto> GetUserAsync(string userName);
    Task<IReadOnlyList<string>> GetRolesAsync(string userName);
}

public sealed record UserDto(string UserName, string Email, bool Locked);

/// Implements the old synchronous membership provider contract used by the
/// classic ASP.NET (System.Web) site on top of the new async user API.
public sealed class LegacyUserProvider
{
    private readonly IUserApi _api;

    public LegacyUserProvider(IUserApi api) => _api = api;

    public bool ValidateUser(string userName)
    {
        var user = _api.GetUserAsync(userName).GetAwaiter().GetResult(); // expect: sync-over-async
        return user is not null && !user.Locked;
    }

    public string[] GetRolesForUsers(string[] userNames)
    {
        var lookups = userNames.Take(20).Select(u => _api.GetRolesAsync(u)).ToArray();
        Task.WaitAll(lookups); // expect: sync-over-async
        return lookups.SelectMany(t => t.Result).Distinct().ToArray();
    }
}
