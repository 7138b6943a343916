using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Payments;

public class PaymentGateway
{
    private readonly HttpClient _http;

    public PaymentGateway(HttpClient http) => _http = http;

    public async Task<bool> ChargeAsync(string customerId, decimal amount, CancellationToken ct)
    {
        try
        {
            var response = await _http.PostAsync($"https://pay.example/charge/{customerId}?amount={amount}", null, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception) // expect: swallowed-error
        {
            return false;
        }
    }
}
