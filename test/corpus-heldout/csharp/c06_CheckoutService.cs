using System;
using System.Threading;
using System.Threading.Tasks;

namespace Payments;

public interface IPaymentsApi
{
    Task<string> CreateCustomerAsync(string email, CancellationToken ct);
    Task<string> CreatePaymentIntentAsync(string customerId, long amountCents, CancellationToken ct);
    Task<bool> ConfirmAsync(string intentId, CancellationToken ct);
}

/// Each step needs the id returned by the step before it, so the awaits are
/// sequential by necessity.
public sealed class CheckoutService
{
    private readonly IPaymentsApi _api;

    public CheckoutService(IPaymentsApi api) => _api = api;

    public async Task<string> PayAsync(string email, long amountCents, CancellationToken ct)
    {
        if (amountCents <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amountCents));
        }

        var customerId = await _api.CreateCustomerAsync(email, ct);
        var intentId = await _api.CreatePaymentIntentAsync(customerId, amountCents, ct);
        var confirmed = await _api.ConfirmAsync(intentId, ct);
        if (!confirmed)
        {
            throw new InvalidOperationException($"Payment {intentId} was declined");
        }
        return intentId;
    }

    public async Task<int> RetryConfirmAsync(string intentId, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (await _api.ConfirmAsync(intentId, ct))
            {
                return attempt;
            }
            await Task.Delay(TimeSpan.FromSeconds(attempt * 2), ct);
        }
        return -1;
    }
}
