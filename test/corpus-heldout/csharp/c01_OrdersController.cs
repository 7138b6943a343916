// target: dotnet 8
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Shop.Api.Controllers;

[ApiController]
[Route("api/orders")]
public class OrdersController : ControllerBase
{
    private readonly ShopDbContext _db;
    private readonly IPricingClient _pricing;

    public OrdersController(ShopDbContext db, IPricingClient pricing)
    {
        _db = db;
        _pricing = pricing;
    }

    [HttpPost]
    public async Task<IActionResult> Create([FromBody] CreateOrderRequest request, CancellationToken cancellationToken)
    {
        var customer = await _db.Customers.FirstOrDefaultAsync(c => c.Id == request.CustomerId, cancellationToken);
        if (customer is null)
        {
            return NotFound();
        }

        var quote = _pricing.QuoteAsync(request.Sku, request.Quantity, cancellationToken).Result; // expect: sync-over-async
        var order = new Order
        {
            CustomerId = customer.Id,
            Sku = request.Sku,
            Quantity = request.Quantity,
            TotalCents = quote.TotalCents,
        };
        _db.Orders.Add(order);
        await _db.SaveChangesAsync(); // expect: missing-cancellation
        return CreatedAtAction(nameof(Get), new { id = order.Id }, order);
    }

    [HttpGet("{id:int}")]
    public async Task<ActionResult<Order>> Get(int id, CancellationToken cancellationToken)
    {
        var order = await _db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is null ? NotFound() : order;
    }
}

public record CreateOrderRequest(int CustomerId, string Sku, int Quantity);
public record PriceQuote(long TotalCents);

public interface IPricingClient
{
    Task<PriceQuote> QuoteAsync(string sku, int quantity, CancellationToken cancellationToken);
}
