using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Import.Worker;

public interface IInboxClient
{
    Task<string[]> ListNewFilesAsync(CancellationToken ct);
    Task<byte[]> DownloadAsync(string name, CancellationToken ct);
}

public interface IImportStore
{
    Task SaveAsync(string name, byte[] content, CancellationToken ct);
}

public sealed class ImportWorker : BackgroundService
{
    private readonly IInboxClient _inbox;
    private readonly IImportStore _store;
    private readonly ILogger<ImportWorker> _logger;

    public ImportWorker(IInboxClient inbox, IImportStore store, ILogger<ImportWorker> logger)
    {
        _inbox = inbox;
        _store = store;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var names = await _inbox.ListNewFilesAsync(stoppingToken);
            foreach (var name in names)
            {
                var content = await _inbox.DownloadAsync(name, stoppingToken); // expect: await-in-loop
                await _store.SaveAsync(name, content, stoppingToken);
            }
            _logger.LogInformation("Imported {Count} files", names.Length);
            await Task.Delay(TimeSpan.FromSeconds(30)); // expect: missing-cancellation
        }
    }
}
