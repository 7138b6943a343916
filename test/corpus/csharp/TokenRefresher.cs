using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Auth;

public class TokenRefresher
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public TokenRefresher(HttpClient http) => _http = http;

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            if (_token == null || DateTimeOffset.UtcNow >= _expires)
            {
                _token = await _http.GetStringAsync("https://auth.example/token", ct);
                _expires = DateTimeOffset.UtcNow.AddMinutes(5);
            }
            return _token;
        }
        finally
        {
            _refreshLock.Release();
        }
    }
}
