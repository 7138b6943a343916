using System;
using System.Collections.Concurrent;
using System.Net.Mail;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Notifications;

public sealed class EmailQueue
{
    private readonly ConcurrentQueue<MailMessage> _pending = new();
    private readonly SmtpClient _smtp;
    private readonly ILogger<EmailQueue> _logger;

    public EmailQueue(SmtpClient smtp, ILogger<EmailQueue> logger)
    {
        _smtp = smtp;
        _logger = logger;
    }

    public void Enqueue(MailMessage message)
    {
        _pending.Enqueue(message);
        Drain();
    }

    private async void Drain() // expect: async-void
    {
        while (_pending.TryDequeue(out var message))
        {
            await _smtp.SendMailAsync(message);
            _logger.LogInformation("Sent mail to {To}", message.To);
        }
    }

    public async Task<bool> TrySendNowAsync(MailMessage message)
    {
        try
        {
            await _smtp.SendMailAsync(message);
            return true;
        }
        catch // expect: swallowed-error
        {
        }
        return false;
    }
}
