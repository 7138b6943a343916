using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Db;

public class MigrationRunner
{
    private readonly IMigrator _migrator;

    public MigrationRunner(IMigrator migrator) => _migrator = migrator;

    public async Task RunAsync(IReadOnlyList<string> migrations, CancellationToken ct)
    {
        foreach (var migration in migrations)
        {
            await _migrator.ApplyAsync(migration, ct);
        }
    }
}

public interface IMigrator { Task ApplyAsync(string name, CancellationToken ct); }
