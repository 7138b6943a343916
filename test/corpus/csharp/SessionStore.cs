using System.Collections.Generic;
using System.Threading.Tasks;

namespace Web;

public class SessionStore
{
    private readonly Dictionary<string, Session> _sessions = new();
    private readonly ISessionBackend _backend;

    public SessionStore(ISessionBackend backend) => _backend = backend;

    public async Task<Session> GetAsync(string id)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            session = await _backend.LoadAsync(id);
            _sessions[id] = session; // expect: race-condition
        }
        return session;
    }
}

public record Session(string Id);
public interface ISessionBackend { Task<Session> LoadAsync(string id); }
