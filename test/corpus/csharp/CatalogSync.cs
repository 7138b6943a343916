using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Catalog;

public class CatalogSync
{
    private readonly HttpClient _client = new();

    public async Task<List<Product>> FetchAllAsync(IReadOnlyList<int> ids)
    {
        var products = new List<Product>();
        foreach (var id in ids)
        {
            var p = await _client.GetFromJsonAsync<Product>($"https://api.example/products/{id}"); // expect: await-in-loop
            if (p is not null) products.Add(p);
        }
        return products;
    }
}

public record Product(int Id, string Name);
