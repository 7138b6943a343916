using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Alerts;

public interface IPushGateway
{
    Task SendAsync(string deviceToken, string title, string body, CancellationToken ct);
}

public interface IAuditLog
{
    Task WriteAsync(string category, string message);
}

public sealed class NotificationService
{
    private readonly IPushGateway _push;
    private readonly IAuditLog _audit;
    private readonly ILogger<NotificationService> _logger;

    public NotificationService(IPushGateway push, IAuditLog audit, ILogger<NotificationService> logger)
    {
        _push = push;
        _audit = audit;
        _logger = logger;
    }

    /// Sends an outage notice to every registered device (the mobile app has
    /// around two million installs).
    public async Task BroadcastOutageAsync(IEnumerable<string> deviceTokens, string message, CancellationToken ct)
    {
        _audit.WriteAsync("broadcast", message); // expect: floating-promise
        var sends = deviceTokens.Select(t => _push.SendAsync(t, "Service disruption", message, ct));
        await Task.WhenAll(sends); // expect: unbounded-concurrency
        _logger.LogInformation("Outage notice sent");
    }
}
