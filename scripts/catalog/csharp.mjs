// C# / .NET catalog generator. Existence, kind and signatures come from the reference assemblies of
// Microsoft.NETCore.App.Ref (read with System.Reflection.Metadata by lib-csharp/CsharpCatalogMetadata.cs), summaries
// from the XML documentation files next to them, and "since"/"removed" from comparing the packs of .NET 6, 8, 9, 10
// and 11 (pinned NuGet packages, fetched by `npm run setup:sources`). Exports build() for scripts/catalog/build.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeCurated, orderEntry } from './lib-python/py-curated.mjs';
import { getInput, inputFile } from '../sources/inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** .NET majors compared for "since", oldest first. NuGet has no .NET 7 reference pack: 7 is not checked. */
export const DOTNET_VERSIONS = ['6', '8', '9', '10', '11'];

/** Types in scope, matched against full type names (nested types as Outer.Inner, without generic parameters). */
export const TYPE_SCOPE = new RegExp([
  '^System\\.Threading\\.',
  '^System\\.Collections\\.Concurrent\\.',
  '^System\\.Collections\\.Generic\\.IAsync(Enumerable|Enumerator)$',
  '^System\\.(IAsyncDisposable|OperationCanceledException|AggregateException|TimeProvider|IProgress|Progress)$',
  '^System\\.Runtime\\.CompilerServices\\.(Async\\w*|Configured\\w*|EnumeratorCancellationAttribute|TaskAwaiter|ValueTaskAwaiter|YieldAwaitable|IAsyncStateMachine|INotifyCompletion|ICriticalNotifyCompletion|PoolingAsyncValueTaskMethodBuilder)(\\.|$)',
  '^System\\.Linq\\.AsyncEnumerable$',
  // The blocking APIs async code calls by mistake, and their async counterparts: the reviewer's blocking-call-in-async,
  // missing-cancellation and missing-timeout rules ask these types which members exist, return a Task or take a token.
  '^System\\.IO\\.(File|Stream|FileStream|StreamReader|StreamWriter|TextReader|TextWriter|BufferedStream)$',
  '^System\\.IO\\.Pipes\\.(PipeStream|NamedPipeClientStream|NamedPipeServerStream)$',
  '^System\\.Net\\.Http\\.(HttpClient|HttpMessageInvoker|HttpContent|HttpResponseMessage|HttpRequestMessage|HttpCompletionOption|SocketsHttpHandler)$',
  '^System\\.Net\\.Http\\.Json\\.(HttpClientJsonExtensions|HttpContentJsonExtensions)$',
  '^System\\.Net\\.Sockets\\.(Socket|TcpClient|TcpListener|UdpClient|NetworkStream)$',
  '^System\\.Net\\.WebSockets\\.(WebSocket|ClientWebSocket)$',
  '^System\\.Net\\.(Dns|WebClient|HttpWebRequest|WebRequest)$',
  '^System\\.Net\\.Mail\\.SmtpClient$',
  '^System\\.Net\\.NetworkInformation\\.Ping$',
  '^System\\.Diagnostics\\.Process$',
  '^System\\.Data\\.Common\\.(DbConnection|DbCommand|DbDataReader|DbTransaction|DbBatch)$',
  '^System\\.Text\\.Json\\.JsonSerializer$',
  // The bases every covered type ends at, so that inherited members (ToString, Exception.Message) resolve.
  '^System\\.(Object|Exception|SystemException|ValueType|Enum|EventArgs|MarshalByRefObject|Delegate|MulticastDelegate|Attribute)$',
].join('|'));

/** Namespaces whose every public type is in TYPE_SCOPE: closed scopes. Others (System, System.IO, System.Net.Http...) are only partly covered. */
const CLOSED_NAMESPACES = /^System\.(Threading(\..*)?|Collections\.Concurrent)$/;

/**
 * The reference packs, each a pinned input `dotnet-ref-<major>` (scripts/sources/inputs.json): the exact
 * NuGet versions, never the SDK's own pack or whatever the NuGet cache holds (either would follow the machine).
 * Throws, naming `npm run setup:sources`, when one was not fetched.
 */
export function findPacks() {
  return DOTNET_VERSIONS.map((major) => {
    const id = `dotnet-ref-${major}`;
    return { major, version: getInput(id).version, dir: inputFile(id, 'ref', `net${major}.0`) };
  });
}

/** Runs the metadata reader over every pack; build output goes to a temporary folder, not into scripts/. */
function runMetadataTool(packs) {
  const artifacts = path.join(tmpdir(), 'async-expert-csharp-catalog-tool');
  mkdirSync(artifacts, { recursive: true });
  const project = path.join(here, 'lib-csharp', 'CsharpCatalogMetadata.csproj');
  // No compiler server or MSBuild node reuse: a build-time script must not leave processes behind.
  const r = spawnSync('dotnet', ['run', '-c', 'Release', '--project', project, '--artifacts-path', artifacts, '--property:UseSharedCompilation=false', '--', '--include', TYPE_SCOPE.source, ...packs.map((p) => p.dir)], {
    encoding: 'utf8',
    maxBuffer: 512 << 20,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0' },
  });
  if (r.status !== 0) throw new Error(`CsharpCatalogMetadata failed (${r.status}): ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout);
}

const shortName = (ref) => ref.replace(/\(.*$/, '').replace(/`+\d+/g, '').split('.').at(-1);

/** First sentence of an XML <summary>, with <see cref>, <paramref> and <see langword> turned into plain words. */
export function summaryText(xml) {
  const text = xml
    .replace(/<see\s+cref="[A-Z]:([^"]+)"\s*(?:\/>|><\/see>)/g, (_, ref) => shortName(ref))
    .replace(/<xref\b[^>]*\buid="([^"]+)"[^>]*(?:\/>|><\/xref>)/g, (_, ref) => shortName(ref))
    .replace(/<see\s+langword="([^"]+)"\s*\/>/g, '$1')
    .replace(/<(?:paramref|typeparamref)\s+name="([^"]+)"\s*\/>/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const m = /^(.*?[.!?])(\s|$)/.exec(text);
  return (m ? m[1] : text) || undefined;
}

/** docId -> { summary, file } from every XML documentation file of a pack. */
function readSummaries(dir) {
  const out = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()) {
    const xml = readFileSync(path.join(dir, file), 'utf8');
    for (const m of xml.matchAll(/<member name="([^"]+)">([\s\S]*?)<\/member>/g)) {
      const s = /<summary>([\s\S]*?)<\/summary>/.exec(m[2]);
      const summary = s && summaryText(s[1]);
      if (summary && !out.has(m[1])) out.set(m[1], { summary, file });
    }
  }
  return out;
}

/** learn.microsoft.com page: type name lowercased, generic arity as -N, member name appended. */
export function docUrlFor(docId) {
  const body = docId.slice(2).replace(/\(.*$/, '').replace(/~.*$/, '');
  const typePart = docId.startsWith('T:') ? body : body.slice(0, body.lastIndexOf('.'));
  const member = docId.startsWith('T:') ? '' : body.slice(body.lastIndexOf('.') + 1).replace(/``\d+$/, '');
  const page = typePart.replace(/`(\d+)/g, '-$1') + (member ? `.${member === '#ctor' ? '-ctor' : member}` : '');
  return `https://learn.microsoft.com/dotnet/api/${page.toLowerCase()}`;
}

export async function build() {
  const packs = findPacks();
  const data = runMetadataTool(packs);
  const latest = packs.at(-1);
  const summaries = readSummaries(latest.dir);
  /** id -> major -> { kind, items: [...] } */
  const byId = new Map();
  for (const pack of packs) {
    for (const item of data[pack.dir] ?? []) {
      if (!byId.has(item.id)) byId.set(item.id, new Map());
      const perPack = byId.get(item.id);
      if (!perPack.has(pack.major)) perPack.set(pack.major, []);
      perPack.get(pack.major).push(item);
    }
  }
  // Documentation-id type names (`System.Threading.Tasks.Task{System.Int32}`) -> catalog ids (`...Task<TResult>`),
  // matched on the name without type arguments and on the number of them.
  const typeIds = new Map();
  for (const [id, perPack] of byId) {
    const item = [...perPack.values()].flat().find((i) => i.docId.startsWith('T:'));
    if (item) typeIds.set(item.docId.slice(2), id);
  }
  const arity = (docName) => {
    const m = /\{(.*)\}$/.exec(docName);
    if (!m) return 0;
    let depth = 0;
    let n = 1;
    for (const ch of m[1]) { if (ch === '{') depth++; else if (ch === '}') depth--; else if (ch === ',' && depth === 0) n++; }
    return n;
  };
  const typeIdOf = (docName) => {
    if (!docName) return undefined;
    const plain = docName.replace(/\{.*\}$/, '').replace(/\[\]$|@$/, '');
    const n = arity(docName);
    return typeIds.get(n ? `${plain}\`${n}` : plain);
  };
  const entries = [];
  const namespaces = new Map();
  for (const [id, perPack] of byId) {
    const present = DOTNET_VERSIONS.filter((m) => perPack.has(m) && perPack.get(m).some((i) => i.kind !== 'constructor'));
    if (present.length === 0) continue;
    const last = present.at(-1);
    const items = perPack.get(last);
    const main = items.filter((i) => i.kind !== 'constructor');
    const kinds = [...new Set(main.map((i) => i.kind))];
    if (kinds.length > 1) throw new Error(`${id}: more than one kind (${kinds.join(', ')})`);
    const byDocId = (a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0);
    const overloads = [...main].sort(byDocId);
    const ctors = items.filter((i) => i.kind === 'constructor').sort(byDocId);
    const source = `dotnet-ref-${last}`;
    const entry = { id, kind: kinds[0], signature: [...overloads, ...ctors].map((i) => i.signature), provenance: [] };
    const first = overloads[0];
    const doc = summaries.get(first.docId);
    if (doc && last === latest.major) entry.summary = doc.summary;
    const dateFields = [];
    if (present[0] === DOTNET_VERSIONS[0]) {
      // In the oldest pack checked: it may well be older (Channel.CreateBounded shipped with .NET Core 3.0).
      entry.atOrBefore = { dotnet: present[0] };
      dateFields.push('atOrBefore');
    } else {
      entry.since = { dotnet: present[0] };
      dateFields.push('since');
    }
    if (last !== DOTNET_VERSIONS.at(-1)) entry.removed = { dotnet: DOTNET_VERSIONS[DOTNET_VERSIONS.indexOf(last) + 1] };
    entry.docUrl = docUrlFor(first.docId);
    const obsolete = overloads.every((o) => o.obsolete !== null && o.obsolete !== undefined);
    if (obsolete) {
      const message = overloads.map((o) => o.obsolete).find((m) => m) || 'Marked [Obsolete].';
      const firstObsolete = present.find((m) => (perPack.get(m) ?? []).filter((i) => i.kind !== 'constructor').every((i) => i.obsolete !== null && i.obsolete !== undefined));
      entry.deprecated = firstObsolete && firstObsolete !== present[0] ? { since: { dotnet: firstObsolete }, message } : { message };
    }
    const notes = [];
    if (present[0] === '8') notes.push('First seen in the .NET 8 reference pack; .NET 7 was not checked, so it may date from 7.');
    for (const o of [...overloads, ...ctors]) {
      const firstWith = DOTNET_VERSIONS.find((m) => (perPack.get(m) ?? []).some((i) => i.docId === o.docId));
      if (firstWith && firstWith !== present[0]) {
        notes.push(firstWith === '8' ? `Overload first seen in .NET 8 (7 not checked): ${o.signature}` : `Overload added in .NET ${firstWith}: ${o.signature}`);
      }
    }
    if (notes.length > 0) entry.notes = notes;
    const scopeFields = [];
    if (['class', 'struct', 'interface', 'enum'].includes(entry.kind)) {
      // A type's members are those it declares plus its base class's (a chain that ends at System.Object);
      // interfaces' members are declared by the types that implement them.
      const base = first.base && first.base !== 'System.Object' ? typeIdOf(first.base) : first.base === 'System.Object' ? 'System.Object' : undefined;
      if (first.base && !base) {
        entry.notes = [...(entry.notes ?? []), `Members not enumerated: its base ${first.base} is outside the catalog.`];
      } else {
        entry.closed = 'type';
        if (base && base !== id) entry.extends = [base];
        scopeFields.push('closed', ...(entry.extends ? ['extends'] : []));
      }
      // The namespace: the id without its last segment, and without outer types for a nested one.
      let ns = id.slice(0, id.lastIndexOf('.'));
      while (byId.has(ns)) ns = ns.slice(0, ns.lastIndexOf('.'));
      namespaces.set(ns, (namespaces.get(ns) ?? 0) + 1);
    } else if ((entry.kind === 'property') && first.type) {
      const t = typeIdOf(first.type);
      if (t) {
        // `Task.Factory.StartNew`: a value's members are its type's.
        entry.extends = [t];
        entry.closed = 'value';
        scopeFields.push('closed', 'extends');
      }
    }
    const derivedFields = ['kind', 'signature', 'docUrl', ...scopeFields, ...(entry.deprecated ? ['deprecated'] : []), ...(notes.length > 0 ? ['notes'] : [])];
    entry.provenance.push({ source, file: `${first.assembly}.dll`, fields: derivedFields });
    if (entry.summary) entry.provenance.push({ source: `${source}-xml`, file: doc.file, fields: ['summary'] });
    entry.provenance.push({ source: 'dotnet-ref-packs', fields: entry.removed ? [...dateFields, 'removed'] : dateFields });
    entries.push(entry);
  }
  // A member no longer declared by its type but by a base class it inherits from (MulticastDelegate's
  // GetInvocationList, declared by Delegate in .NET 11) is still there: it answers through the base, not as removed.
  const byEntry = new Map(entries.map((e) => [e.id, e]));
  const inheritedNow = (ownerId, name, seen = new Set()) => {
    const owner = byEntry.get(ownerId);
    for (const b of owner?.extends ?? []) {
      if (seen.has(b)) continue;
      seen.add(b);
      const m = byEntry.get(`${b}.${name}`);
      if ((m && !m.removed) || inheritedNow(b, name, seen)) return true;
    }
    return false;
  };
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (!e.removed || !['method', 'property', 'event'].includes(e.kind)) continue;
    const cut = e.id.lastIndexOf('.');
    if (inheritedNow(e.id.slice(0, cut), e.id.slice(cut + 1))) entries.splice(i, 1);
  }
  // Extension methods are called as members of the type they extend (client.GetFromJsonAsync(...)): a closed type
  // links to the catalogued static classes that extend it, so `HttpClient.GetFromJsonAsync` is not denied. The
  // extended type is the first parameter of an overload whose signature says `this` (read from its documentation id).
  const extensionsOf = new Map();
  for (const [id, perPack] of byId) {
    for (const item of [...perPack.values()].flat()) {
      if (item.kind !== 'method' || !/\(this /.test(item.signature)) continue;
      const first = /\(([^,)]+)/.exec(item.docId)?.[1];
      const target = first && typeIdOf(first);
      const owner = id.slice(0, id.lastIndexOf('.'));
      if (!target || !byEntry.has(owner)) continue;
      extensionsOf.set(target, new Set([...(extensionsOf.get(target) ?? []), owner]));
    }
  }
  for (const [target, owners] of extensionsOf) {
    const e = byEntry.get(target);
    if (!e?.closed) continue;
    e.extends = [...(e.extends ?? []), ...[...owners].sort().filter((o) => o !== target && !(e.extends ?? []).includes(o))];
    const derived = e.provenance.find((p) => p.fields.includes('closed'));
    if (derived && !derived.fields.includes('extends')) derived.fields.splice(derived.fields.indexOf('closed') + 1, 0, 'extends');
  }
  // Namespaces: closed where TYPE_SCOPE takes every type of them, open elsewhere (System has far more types).
  for (const ns of [...namespaces.keys()].sort()) {
    if (byId.has(ns)) continue;
    const closed = CLOSED_NAMESPACES.test(ns);
    entries.push({
      id: ns,
      kind: 'namespace',
      atOrBefore: { dotnet: DOTNET_VERSIONS[0] },
      ...(closed ? { closed: 'namespace' } : { notes: ['Members not enumerated: only the async-related types of this namespace are catalogued.'] }),
      docUrl: `https://learn.microsoft.com/dotnet/api/${ns.toLowerCase()}`,
      provenance: [{ source: 'dotnet-ref-packs', fields: ['kind', 'atOrBefore', ...(closed ? ['closed'] : []), 'docUrl'] }],
    });
  }
  const curated = JSON.parse(readFileSync(path.join(here, 'curated', 'csharp.json'), 'utf8'));
  const merged = mergeCurated(entries, curated.entries, 'csharp').map(orderEntry);
  merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    language: 'csharp',
    coverage: `.NET ${DOTNET_VERSIONS.join(', ')} public APIs of System.Threading.* (Tasks, Channels, Dataflow...), System.Collections.Concurrent, IAsyncEnumerable/IAsyncEnumerator, IAsyncDisposable, TimeProvider, the async builders and awaiters of System.Runtime.CompilerServices, System.Linq.AsyncEnumerable, and the I/O types async code meets (System.IO File, Stream, FileStream, StreamReader/Writer, TextReader/Writer, pipes; System.Net.Http HttpClient and its JSON extensions; sockets, WebSocket, Dns, WebClient, HttpWebRequest, SmtpClient, Ping; System.Diagnostics.Process; System.Data.Common DbConnection/DbCommand/DbDataReader/DbTransaction/DbBatch; System.Text.Json.JsonSerializer), with the base types they inherit from (System.Object, System.Exception...), read from the reference packs. "At or before 6" means present in .NET 6, the oldest pack checked (it may be older); .NET 7 has no reference pack on NuGet and is not checked; NuGet-only packages are not covered, and signatures omit default values and nullability.`,
    sources: [
      ...packs.map((p) => ({ id: `dotnet-ref-${p.major}`, name: `Microsoft.NETCore.App.Ref ${p.major} reference assemblies (read with System.Reflection.Metadata)`, version: p.version, license: 'MIT', url: 'https://www.nuget.org/packages/Microsoft.NETCore.App.Ref' })),
      { id: `dotnet-ref-${latest.major}-xml`, name: `Microsoft.NETCore.App.Ref ${latest.major} XML documentation`, version: latest.version, license: 'MIT', url: 'https://www.nuget.org/packages/Microsoft.NETCore.App.Ref' },
      { id: 'dotnet-ref-packs', name: `comparison of the Microsoft.NETCore.App.Ref packs ${packs.map((p) => p.version).join(', ')}`, version: packs.map((p) => p.version).join(' '), license: 'MIT' },
      { id: 'curated', name: 'async-expert-mcp curated facts (scripts/catalog/curated/csharp.json)', version: '1', license: 'project' },
    ],
    versions: { dotnet: [...DOTNET_VERSIONS] },
    completeness: {
      namespace: { source: `dotnet-ref-${latest.major}`, rule: `every public type of the namespace in the reference packs of .NET ${DOTNET_VERSIONS.join(', ')}`, from: { dotnet: DOTNET_VERSIONS[0] } },
      type: { source: `dotnet-ref-${latest.major}`, rule: `every public and protected member the type declares in the reference packs of .NET ${DOTNET_VERSIONS.join(', ')}, and its base class's, up to System.Object`, from: { dotnet: DOTNET_VERSIONS[0] } },
      value: { source: `dotnet-ref-${latest.major}`, rule: "the members of the property's or field's type", from: { dotnet: DOTNET_VERSIONS[0] } },
    },
    entries: merged,
  };
}
