using System;
using System.Threading;
using System.Threading.Tasks;

namespace Workers;

public class BackgroundPinger : IDisposable
{
    private readonly Timer _timer;
    private readonly IPingTarget _target;

    public BackgroundPinger(IPingTarget target)
    {
        _target = target;
        _timer = new Timer(async _ => await _target.PingAsync(), null, 0, 5000); // expect: async-void
    }

    public void Dispose() => _timer.Dispose();
}

public interface IPingTarget { Task PingAsync(); }
