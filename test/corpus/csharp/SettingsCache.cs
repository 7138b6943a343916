using System.Net.Http;
using System.Threading.Tasks;

namespace Config;

public class SettingsCache
{
    private readonly HttpClient _http;
    private string? _settings;

    public SettingsCache(HttpClient http) => _http = http;

    public string Current()
    {
        return _http.GetStringAsync("https://config.example/settings").Result; // expect: sync-over-async
    }

    public async Task<string> GetAsync()
    {
        if (_settings == null)
        {
            _settings = await _http.GetStringAsync("https://config.example/settings"); // expect: race-condition
        }
        return _settings;
    }
}
