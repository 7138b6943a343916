using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Marketing.Sms;

public interface ISmsProvider
{
    Task<string> SendAsync(string phoneNumber, string text, CancellationToken ct);
}

public interface ICampaignLog
{
    Task LogAsync(string campaignId, string message);
}

public sealed class SmsCampaign
{
    private readonly ISmsProvider _sms;
    private readonly ICampaignLog _log;

    public SmsCampaign(ISmsProvider sms, ICampaignLog log)
    {
        _sms = sms;
        _log = log;
    }

    /// Sends a reminder to the attendees of one event (up to a few hundred
    /// people); the provider accepts 50 concurrent requests per account.
    public async Task<IReadOnlyList<string>> SendRemindersAsync(string campaignId, IReadOnlyList<string> phones, string text, CancellationToken ct)
    {
        var ids = new List<string>();
        foreach (var phone in phones)
        {
            var id = await _sms.SendAsync(phone, text, ct); // expect: await-in-loop
            ids.Add(id);
        }
        _log.LogAsync(campaignId, $"sent {ids.Count} reminders"); // expect: floating-promise
        return ids;
    }
}
