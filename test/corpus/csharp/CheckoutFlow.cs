using System.Threading;
using System.Threading.Tasks;

namespace Shop.Checkout;

public class CheckoutFlow
{
    private readonly ICartApi _carts;
    private readonly IPaymentApi _payments;

    public CheckoutFlow(ICartApi carts, IPaymentApi payments)
    {
        _carts = carts;
        _payments = payments;
    }

    public async Task<string> CompleteAsync(string cartId, CancellationToken ct)
    {
        var cart = await _carts.GetAsync(cartId, ct).ConfigureAwait(false);
        var total = await _carts.PriceAsync(cart, ct).ConfigureAwait(false);
        var receipt = await _payments.ChargeAsync(cart.CustomerId, total, ct).ConfigureAwait(false);
        return receipt;
    }
}

public record Cart(string Id, string CustomerId);
public interface ICartApi { Task<Cart> GetAsync(string id, CancellationToken ct); Task<decimal> PriceAsync(Cart c, CancellationToken ct); }
public interface IPaymentApi { Task<string> ChargeAsync(string customer, decimal total, CancellationToken ct); }
