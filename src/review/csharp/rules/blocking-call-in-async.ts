import { csCatalog, overloadsOf, type CatType } from '../catalog.js';
import type { CsRule } from '../rule.js';
import type { CsFile } from '../symbols.js';
import { argumentsOf, calleeName, inAsyncCode, receiverOf, simpleName, unparen, type CsNode } from '../syntax.js';
import { isTaskType } from '../types.js';

/** Sync members whose async twin exists but is no fix: disposal, cancellation and closing are not I/O waits. */
const NOT_BLOCKING = new Set(['Dispose', 'Close', 'Cancel', 'CancelAfter', 'Register', 'Complete', 'TryComplete']);

/** Waits on synchronisation primitives that have no async form: the fix is a different primitive. */
const BLOCKING_WAITS: Record<string, RegExp> = {
  WaitHandle: /^(WaitOne|WaitAll|WaitAny|SignalAndWait)$/,
  ManualResetEventSlim: /^Wait$/,
  CountdownEvent: /^Wait$/,
  Barrier: /^SignalAndWait$/,
  Thread: /^Join$/,
  Monitor: /^Wait$/,
  SpinWait: /^SpinUntil$/,
};

/** ADO.NET provider types (Microsoft.Data.SqlClient, Npgsql, MySqlConnector, Microsoft.Data.Sqlite...) derive from these catalog types. */
const ADO_PROVIDER = /^(Sql|Npgsql|MySql|Sqlite|SQLite|Oracle|Odbc|OleDb|Fb|Db2|Snowflake|Duck[Dd][Bb])(Command|Connection|DataReader|Transaction|Batch)$/;

/** EF Core's sync query operators and SaveChanges, which block on the database (their *Async twins do not). */
const EF_SYNC = /^(SaveChanges|ToList|ToArray|ToDictionary|First|FirstOrDefault|Single|SingleOrDefault|Last|LastOrDefault|Count|LongCount|Any|All|Sum|Min|Max|Average|Find|Load)$/;
const DB_CONTEXT_NAME = /^(_?db|_?context|_?dbContext|_?ctx|_?dataContext|_?dbCtx)$/i;

/** Dapper's sync extension methods on IDbConnection (each has an *Async twin). */
const DAPPER_SYNC = /^(Query|QueryFirst|QueryFirstOrDefault|QuerySingle|QuerySingleOrDefault|QueryMultiple|Execute|ExecuteScalar|ExecuteReader)$/;

/** The async twin of a member, from the catalog: `ReadAllTextAsync` for `ReadAllText`, returning a task. */
function asyncTwin(type: CatType, name: string): string | undefined {
  const catalog = csCatalog();
  if (!catalog) return undefined;
  for (const candidate of [`${name}Async`, `${name}TaskAsync`]) {
    const found = catalog.findMember(type, candidate);
    if (found && overloadsOf(found.entry).some((s) => s.kind === 'method' && isTaskType(s.returns))) return candidate;
  }
  return undefined;
}

/** The receiver's type name when the code states it, else undefined. */
function receiverTypeName(file: CsFile, call: CsNode): string | undefined {
  const recv = receiverOf(call);
  if (!recv) return undefined;
  return file.typeNamed(recv)?.name ?? file.typeOf(recv)?.type.name;
}

function isDbContext(file: CsFile, node: CsNode): boolean {
  const e = unparen(node);
  if (e.type !== 'identifier' && !(e.type === 'member_access_expression' && e.childForFieldName('expression')?.type === 'this')) return false;
  const t = file.typeOf(e)?.type.name;
  if (t) return /(DbContext|Context)$/.test(t) && !/^(HttpContext|SynchronizationContext|ExecutionContext|CallContext|ValidationContext|OperationContext)$/.test(t);
  return DB_CONTEXT_NAME.test(simpleName(e) || e.text);
}

/** `db.Orders.Where(...).ToList()`: the chain starts at a DbContext's DbSet property. */
function efChainRoot(file: CsFile, call: CsNode): boolean {
  let n: CsNode | undefined = receiverOf(call);
  for (let i = 0; n && i < 12; i++) {
    if (n.type === 'member_access_expression') {
      const inner = n.childForFieldName('expression');
      if (inner && isDbContext(file, inner) && /^[A-Z]/.test(simpleName(n))) return true;
      n = inner ?? undefined;
    } else if (n.type === 'invocation_expression') n = receiverOf(n);
    else return false;
  }
  return false;
}

export const blockingCallInAsync: CsRule = {
  meta: {
    id: 'blocking-call-in-async',
    description: 'A blocking call (Thread.Sleep, sync file/stream/HTTP/process/database I/O, blocking waits) inside async code where an async form exists.',
    severity: 'warning',
    patternId: 'offload-blocking',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      invocation_expression(call) {
        if (!inAsyncCode(call, file.topLevelAwaits)) return;
        const name = calleeName(call);
        if (!name || NOT_BLOCKING.has(name) || /Async$/.test(name)) return;
        const info = file.callInfo(call);
        const owner = info.catalog?.owner ?? info.staticType?.cat ?? info.receiverType?.cat;
        if (owner?.id === 'System.Threading.Thread' && name === 'Sleep') {
          ctx.report({
            node: call,
            severity: 'error',
            basis: { kind: 'catalog', detail: 'System.Threading.Thread.Sleep (.NET reference packs)' },
            message: '`Thread.Sleep` blocks the thread inside an async method: the thread can do nothing else until it returns. Use `await Task.Delay(...)` (with the CancellationToken, if you have one).',
            suggestion: `await Task.Delay(${argumentsOf(call).map((a) => a.value.text).join(', ')})`,
          });
          return;
        }
        if (owner && /^System\.Threading\.Tasks\.(Task|ValueTask)/.test(owner.id)) return; // .Wait(): sync-over-async
        // `Wait(0)` / `WaitOne(TimeSpan.Zero)`: a try that never blocks.
        if (/^(Wait|WaitOne)$/.test(name) && /^(0|TimeSpan\.Zero)$/.test(argumentsOf(call)[0]?.value.text ?? '')) return;
        if (owner) {
          const catalog = csCatalog();
          const lineage = catalog?.lineage(owner).map((t) => t.name) ?? [owner.name];
          const wait = Object.entries(BLOCKING_WAITS).find(([t]) => lineage.includes(t));
          if (wait && wait[1].test(name)) {
            ctx.report({
              node: call,
              message: `\`${owner.name}.${name}\` blocks the thread inside an async method until it is signalled. Use an awaitable primitive: \`SemaphoreSlim.WaitAsync\`, \`TaskCompletionSource\`, or a \`Channel\`.`,
            });
            return;
          }
          // JsonSerializer.Serialize/Deserialize only do I/O when given a Stream.
          if (owner.name === 'JsonSerializer' && !argumentsOf(call).some((a) => (catalog?.lineage(file.typeOf(a.value)?.cat ?? owner).map((t) => t.name) ?? []).includes('Stream'))) return;
          const twin = asyncTwin(owner, name);
          if (!twin) return;
          ctx.report({
            node: call,
            basis: { kind: 'catalog', detail: `${owner.id}.${name} has the async twin ${twin} (.NET reference packs)` },
            confidence: info.receiverType?.via === 'assumed' ? 'medium' : 'high',
            message: `\`${owner.name}.${name}\` blocks the thread on I/O inside an async method. Use \`await ...${twin}(...)\` (pass the CancellationToken, if you have one).`,
            suggestion: `await ${(call.childForFieldName('function')?.text ?? name).replace(new RegExp(`${name}$`), twin)}(${argumentsOf(call).map((a) => a.value.text).join(', ')})`,
          });
          return;
        }
        const typeName = receiverTypeName(file, call);
        const ado = typeName ? ADO_PROVIDER.exec(typeName) : null;
        if (ado) {
          const base = csCatalog()?.typesNamed(`Db${ado[2]}`, 0, 'System.Data.Common')[0];
          const twin = base ? asyncTwin(base, name) : undefined;
          if (twin) ctx.report({ node: call, basis: { kind: 'name', detail: `${typeName} is an ADO.NET provider type deriving from System.Data.Common.Db${ado[2]}` }, message: `\`${typeName}.${name}\` blocks the thread on the database inside an async method. Use \`await ...${twin}(...)\` with the CancellationToken.`, suggestion: `await ${(call.childForFieldName('function')?.text ?? name).replace(new RegExp(`${name}$`), twin)}(${argumentsOf(call).map((a) => a.value.text).join(', ')})` });
          return;
        }
        if (EF_SYNC.test(name) && file.namespaces.has('Microsoft.EntityFrameworkCore')) {
          const recv = receiverOf(call);
          if ((name === 'SaveChanges' && recv && isDbContext(file, recv)) || (name !== 'SaveChanges' && efChainRoot(file, call))) {
            ctx.report({ node: call, confidence: 'medium', basis: { kind: 'name', detail: 'an EF Core query or SaveChanges on a DbContext (Microsoft.EntityFrameworkCore imported)' }, message: `\`${name}()\` runs the database query synchronously inside an async method, blocking the thread. Use EF Core's \`await ...${name}Async(cancellationToken)\`.`, suggestion: `await ${call.childForFieldName('function')?.text ?? name}Async(${argumentsOf(call).map((a) => a.value.text).join(', ')})` });
          }
          return;
        }
        if (DAPPER_SYNC.test(name) && file.namespaces.has('Dapper')) {
          const recv = receiverOf(call);
          const t = recv ? file.typeOf(recv)?.type.name : undefined;
          if ((t && /Connection$/.test(t)) || (!t && recv && /conn|connection|db/i.test(recv.text))) {
            ctx.report({ node: call, confidence: 'medium', basis: { kind: 'name', detail: 'a Dapper query method (Dapper imported)' }, message: `Dapper's \`${name}\` runs the query synchronously inside an async method, blocking the thread. Use \`await ...${name}Async(...)\`.` });
          }
        }
      },
    };
  },
};
