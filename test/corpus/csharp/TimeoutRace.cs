using System;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience;

public class TimeoutRace
{
    public async Task<string?> FirstOrTimeoutAsync(Task<string> work, TimeSpan limit, CancellationToken ct)
    {
        var winner = await Task.WhenAny(work, Task.Delay(limit, ct));
        return winner == work ? work.Result : null;
    }
}
