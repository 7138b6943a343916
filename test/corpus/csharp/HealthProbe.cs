using System.Net.Http;
using System.Threading.Tasks;

namespace Monitoring;

public class HealthProbe
{
    private readonly HttpClient _http;

    public HealthProbe(HttpClient http) => _http = http;

    public bool IsHealthy(string url)
    {
        var response = _http.GetAsync(url).GetAwaiter().GetResult(); // expect: sync-over-async
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> PingAsync(string url)
    {
        var task = _http.GetAsync(url);
        task.Wait(); // expect: sync-over-async
        return (await task).IsSuccessStatusCode;
    }
}
