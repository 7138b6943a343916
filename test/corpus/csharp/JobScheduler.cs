// target: dotnet 8
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Jobs;

public class JobScheduler
{
    private readonly Lock _gate = new(); // expect: too-new-api
    private readonly List<Task> _running = new();

    public async Task DrainAsync()
    {
        await foreach (var finished in Task.WhenEach(_running)) // expect: too-new-api
        {
            await finished;
        }
    }
}
