using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Search;

public sealed class SearchIndexClient
{
    private readonly HttpClient _http;
    private string[] _fields = Array.Empty<string>();

    public SearchIndexClient(HttpClient http)
    {
        _http = http;
        EnsureIndexAsync().Wait(); // expect: sync-over-async
        Init();
    }

    private async Task EnsureIndexAsync()
    {
        using var response = await _http.PutAsJsonAsync("indexes/products", new { primaryKey = "id" });
        response.EnsureSuccessStatusCode();
    }

    private async void Init() // expect: async-void
    {
        _fields = await _http.GetFromJsonAsync<string[]>("indexes/products/fields") ?? Array.Empty<string>();
    }

    public async Task<string> SearchAsync(string query)
    {
        var response = await _http.GetAsync($"indexes/products/search?q={Uri.EscapeDataString(query)}&fields={string.Join(',', _fields)}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
