using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace Social.Web;

public interface IProfiles
{
    Task<ProfileDto> GetAsync(string handle, CancellationToken ct);
    Task<int> FollowerCountAsync(string handle, CancellationToken ct);
}

public sealed record ProfileDto(string Handle, string Bio);
public sealed record ProfileView(ProfileDto Profile, int Followers);

/// The two lookups are independent, so they run together; `.Result` is read
/// only after `await Task.WhenAll` has completed both tasks, so it does not
/// block.
[ApiController]
[Route("profiles")]
public sealed class ProfilePageController : ControllerBase
{
    private readonly IProfiles _profiles;

    public ProfilePageController(IProfiles profiles) => _profiles = profiles;

    [HttpGet("{handle}")]
    public async Task<ProfileView> Get(string handle, CancellationToken ct)
    {
        var profileTask = _profiles.GetAsync(handle, ct);
        var followersTask = _profiles.FollowerCountAsync(handle, ct);
        await Task.WhenAll(profileTask, followersTask);
        return new ProfileView(profileTask.Result, followersTask.Result);
    }
}
