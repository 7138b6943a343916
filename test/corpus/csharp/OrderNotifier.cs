using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Shop.Notifications;

public sealed class OrderNotifier
{
    private readonly HttpClient _http;

    public OrderNotifier(HttpClient http) => _http = http;

    public async Task NotifyAllAsync(IEnumerable<Order> orders, CancellationToken ct)
    {
        // expect-next-line: unbounded-concurrency
        await Task.WhenAll(orders.Select(o => _http.PostAsync($"https://hooks.example/orders/{o.Id}", null, ct)));
    }

    public void Notify(Order order)
    {
        SendAsync(order); // expect: floating-promise
    }

    private async Task SendAsync(Order order)
    {
        var response = await _http.PostAsync($"https://hooks.example/orders/{order.Id}", null);
        response.EnsureSuccessStatusCode();
    }
}

public record Order(int Id);
