using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Storefront.Caching;

public interface IProductCache
{
    Task WarmAsync(string categoryId, CancellationToken ct);
    Task RefreshAsync(CancellationToken ct);
}

public sealed class CacheWarmup
{
    private readonly IProductCache _cache;
    private readonly ILogger<CacheWarmup> _logger;

    public CacheWarmup(IProductCache cache, ILogger<CacheWarmup> logger)
    {
        _cache = cache;
        _logger = logger;
    }

    public void WarmCategories(List<string> categoryIds, CancellationToken ct)
    {
        categoryIds.ForEach(async id => await _cache.WarmAsync(id, ct)); // expect: async-void
        _logger.LogInformation("Warmed {Count} categories", categoryIds.Count);
    }

    public void OnPriceListPublished(object sender, System.EventArgs e)
    {
        _cache.RefreshAsync(CancellationToken.None); // expect: floating-promise
        _logger.LogInformation("Price list published, cache refresh requested");
    }
}
