using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Desktop.Licensing;

public sealed record LicenseStatus(bool Valid, DateTimeOffset Expires);

public sealed class LicenseValidator
{
    private readonly HttpClient _http;

    public LicenseValidator(HttpClient http) => _http = http;

    public async Task<bool> IsValidAsync(string licenseKey, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync($"licenses/{Uri.EscapeDataString(licenseKey)}"); // expect: missing-cancellation
            response.EnsureSuccessStatusCode();
            var status = await response.Content.ReadFromJsonAsync<LicenseStatus>(cancellationToken: ct);
            return status is { Valid: true } && status.Expires > DateTimeOffset.UtcNow;
        }
        catch (Exception) // expect: swallowed-error
        {
            return false;
        }
    }
}
