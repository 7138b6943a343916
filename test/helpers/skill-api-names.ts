import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogLanguageOf, loadCatalog, verifyApi, type ApiVerdict, type CatalogLanguage } from '../../src/catalog/index.js';
import { REPO_ROOT } from './spawn-server.js';

// Finds the async-API names the skill's prose, the rule docs and the template headers mention, and the version
// claims made next to them, so that a test can check both against the catalog (test/skill-api-names.test.ts).
// Fenced code blocks are left out on purpose: test/skill-examples.test.ts type-checks every one of them against the
// real definitions (TypeScript lib and @types/node, typeshed via pyright, the .NET reference assemblies, tokio).

/** Where a name was found: `skills/async-expert/SKILL.md:120` or `templates/rust/timeout.rs (apis)`. */
export interface Mention {
  name: string;
  where: string;
  /** The document's own language, when it has one (a Python rule doc, a C# template); undefined for mixed prose. */
  language?: CatalogLanguage;
  /** The text of the line after the name, up to the next code span: where a version claim about it would be. */
  after: string;
  /** The text of the line before the span, back to the previous code span. */
  before: string;
  /** The name is the first of its code span (a claim after the span is about it, not about its arguments). */
  first: boolean;
  /** In a table row whose first cell holds the name: the second cell (`| `asyncio.to_thread` | Python 3.9 |`). */
  nextCell?: string;
}

const SKILL_DIR = 'skills/async-expert';

/** Markdown documents of the skill, with the language their examples are in when there is only one. */
export function skillDocuments(): Array<{ file: string; language?: CatalogLanguage }> {
  const list = (dir: string) =>
    readdirSync(path.join(REPO_ROOT, dir))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `${dir}/${f}`);
  return [
    { file: `${SKILL_DIR}/SKILL.md` },
    ...list(`${SKILL_DIR}/references`).map((file) => ({ file })),
    // The top-level rule docs are the TypeScript/JavaScript reviewer's; python/ holds the Python reviewer's.
    ...list(`${SKILL_DIR}/rules`).map((file) => ({ file, language: 'javascript' as const })),
    ...list(`${SKILL_DIR}/rules/python`).map((file) => ({ file, language: 'python' as const })),
  ];
}

/** Template files and the catalog language of their `apis:` header line. */
export function templateFiles(): Array<{ file: string; language: CatalogLanguage }> {
  const out: Array<{ file: string; language: CatalogLanguage }> = [];
  const specs: Array<[string, string, CatalogLanguage]> = [
    ['python', '.py', 'python'],
    ['typescript', '.ts', 'javascript'],
    ['csharp', '.cs', 'csharp'],
    ['rust', '.rs', 'rust'],
  ];
  for (const [dir, ext, language] of specs) {
    const walk = (rel: string): void => {
      for (const entry of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
        const child = `${rel}/${entry.name}`;
        if (entry.isDirectory() && entry.name !== '__pycache__') walk(child);
        else if (entry.isFile() && entry.name.endsWith(ext)) out.push({ file: child, language });
      }
    };
    walk(`templates/${dir}`);
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * A dotted or `::` name, or a Node module path: `asyncio.timeout`, `tokio::task::JoinSet`, `tokio::select!`,
 * `node:timers/promises.setTimeout`. A `/` only joins the `*\/promises` module names (`try/finally` is prose).
 */
const PATH =
  /(?:node:)?(?:(?:fs|timers|stream|dns|readline)\/promises|[A-Za-z_$][\w$]*(?:<[^<>`]*>)?)(?:(?:\.|::)[A-Za-z_$][\w$]*(?:<[^<>`]*>)?)*(?:!)?/g;
/** A whole code span that is one type name: `TaskGroup`, `CancellationToken`, `AsyncLocal<T>`. */
const TYPE_NAME = /^[A-Z][a-z][A-Za-z0-9]*(?:<[^<>]*>)?$/;

/** Spans that are not code names: files, URLs, commands, flags, keys. */
function isNotCode(span: string): boolean {
  return (
    /:\/\//.test(span) ||
    /\.(?:md|json|toml|py|ts|cs|rs|js|mjs|csproj|yml|yaml|pyi|d\.ts)\b/.test(span) ||
    /^-|^npm |^npx |^node |^python|^cargo |^dotnet |^git /.test(span) ||
    /^[A-Z_]+=/.test(span) // PYTHONASYNCIODEBUG=1
  );
}

/** Names a code span mentions: every path in it, or the span itself when it is one type name. */
export function namesInSpan(span: string): string[] {
  const text = span.trim();
  if (isNotCode(text)) return [];
  if (TYPE_NAME.test(text)) return [text];
  const names: string[] = [];
  for (const m of text.matchAll(PATH)) {
    const before = text.slice(0, m.index);
    // `x.y` after a quote is a string (`"3.10"`), after a digit a number, after `@` a decorator argument.
    if (/["'\d@]$/.test(before)) continue;
    const name = m[0].replace(/\.$/, '');
    // A single identifier inside a longer span is a keyword or a variable (`await`, `item`), not a name to check.
    if (!/\.|::|\//.test(name)) continue;
    names.push(name);
  }
  return names;
}

/** Every inline-code mention in the prose of one markdown file (fenced blocks and HTML comments skipped). */
export function mentionsInMarkdown(file: string, language?: CatalogLanguage): Mention[] {
  const lines = readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n');
  const out: Mention[] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return;
    }
    if (fenced || /^\s*<!--/.test(line)) return;
    const spans = [...line.matchAll(/`([^`]+)`/g)];
    const cells = line.trim().startsWith('|') ? line.trim().slice(1).split(/(?<!\\)\|/) : undefined;
    const firstCellEnd = cells ? line.indexOf('|', line.indexOf('|') + 1) : -1;
    spans.forEach((m, i) => {
      const end = (m.index ?? 0) + m[0].length;
      const next = spans[i + 1]?.index ?? line.length;
      const after = line.slice(end, next);
      const previousEnd = i === 0 ? 0 : (spans[i - 1]?.index ?? 0) + (spans[i - 1]?.[0].length ?? 0);
      const before = line.slice(previousEnd, m.index ?? 0);
      const inFirstCell = cells !== undefined && end <= firstCellEnd;
      namesInSpan(m[1] ?? '').forEach((name, n) => {
        out.push({
          name,
          where: `${file}:${index + 1}`,
          ...(language ? { language } : {}),
          after,
          before,
          first: n === 0,
          ...(inFirstCell && cells?.[1] !== undefined ? { nextCell: cells[1].trim() } : {}),
        });
      });
    });
  });
  return out;
}

/** The names of a template's `apis:` header line. */
export function mentionsInTemplate(file: string, language: CatalogLanguage): Mention[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const line = /^\s*(?:#|\/\/)\s*apis:\s*(.*)$/m.exec(text);
  if (!line?.[1]) return [];
  return line[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name, where: `${file} (apis)`, language, after: '', before: '', first: true }));
}

/** Every mention in the skill, the rule docs and the template headers. */
export function allMentions(): Mention[] {
  return [
    ...skillDocuments().flatMap((d) => mentionsInMarkdown(d.file, d.language)),
    ...templateFiles().flatMap((t) => mentionsInTemplate(t.file, t.language)),
  ];
}

// --- resolving a name to a catalog entry ---------------------------------------------------------------------

const PYTHON_ROOTS = /^(?:asyncio|contextvars|contextlib|concurrent|threading|time|signal|functools|multiprocessing|random|enum)\./;
const RUST_ROOTS = /::/;
const NODE_ROOTS = /^(?:node:|process\.|events\.|fs\.|fs\/promises|timers\/promises|stream\/promises|stream\.|perf_hooks\.|worker_threads|child_process\.|http\.|net\.|util\.|dns\/promises|readline\/promises|async_hooks\.|diagnostics_channel\.|os\.)/;
const JS_ROOTS = /^(?:Promise|AbortSignal|AbortController|Array|Atomics|Symbol|AggregateError|DOMException|EventTarget|ReadableStream|WritableStream|WeakRef|FinalizationRegistry|queueMicrotask|setTimeout|setInterval|structuredClone|fetch)\b/;
const CSHARP_ROOTS = /^(?:System\.|Microsoft\.|Task\b|ValueTask\b|TaskCompletionSource|CancellationToken|Parallel\.|Channel\b|ThreadPool\.|Interlocked\.|SemaphoreSlim|TimeProvider|PeriodicTimer|IAsyncEnumerable|IAsyncDisposable|ConfigureAwait|AsyncLocal\b|ExecutionContext|BoundedChannel|TaskCreationOptions|TaskScheduler|SynchronizationContext|OperationCanceledException|TaskCanceledException)/;

/** Catalog languages to try for a name, most likely first. */
export function languagesFor(mention: Mention): CatalogLanguage[] {
  const n = mention.name;
  const all: CatalogLanguage[] = ['python', 'javascript', 'node', 'csharp', 'rust'];
  if (RUST_ROOTS.test(n)) return ['rust'];
  if (PYTHON_ROOTS.test(n) && mention.language !== 'javascript') return ['python'];
  if (NODE_ROOTS.test(n)) return ['node', 'javascript'];
  if (CSHARP_ROOTS.test(n)) return ['csharp'];
  if (JS_ROOTS.test(n)) return ['javascript', 'node'];
  if (mention.language === 'javascript') return ['javascript', 'node'];
  if (mention.language) return [mention.language, ...all.filter((l) => l !== mention.language)];
  return all;
}

/** The receiver's types that apply to a mention: none when the document's language rules the receiver out. */
function receiverTypes(mention: Mention): Array<[CatalogLanguage, string]> {
  const head = mention.name.split('.')[0] ?? '';
  const receiver = mention.name.includes('.') ? RECEIVERS[head] : undefined;
  if (!receiver) return [];
  const fits = (l: CatalogLanguage) =>
    mention.language === undefined || l === mention.language || (mention.language === 'javascript' && l === 'node');
  return (Object.entries(receiver) as Array<[CatalogLanguage, string]>).filter(([l]) => fits(l));
}

/**
 * Variables the prose qualifies members with (`signal.throwIfAborted()`, `loop.time()`): the type each stands for,
 * per language. Reviewed by hand: a receiver only maps to the type the surrounding text means.
 */
export const RECEIVERS: Readonly<Record<string, Partial<Record<CatalogLanguage, string>>>> = {
  signal: { javascript: 'AbortSignal' },
  controller: { javascript: 'AbortController' },
  loop: { python: 'asyncio.AbstractEventLoop' },
  task: { python: 'asyncio.Task', csharp: 'System.Threading.Tasks.Task' },
  queue: { python: 'asyncio.Queue' },
  q: { python: 'asyncio.Queue' },
  tg: { python: 'asyncio.TaskGroup' },
  proc: { python: 'asyncio.subprocess.Process' },
  reader: { python: 'asyncio.StreamReader' },
  writer: { python: 'asyncio.StreamWriter' },
  ct: { csharp: 'System.Threading.CancellationToken' },
  cts: { csharp: 'System.Threading.CancellationTokenSource' },
  t: { python: 'asyncio.Task' },
  Writer: { csharp: 'System.Threading.Channels.ChannelWriter' },
  sem: { python: 'asyncio.Semaphore' },
  lock: { python: 'asyncio.Lock' },
  set: { rust: 'tokio::task::JoinSet' },
  server: { node: 'node:http.Server' },
  emitter: { node: 'node:events.EventEmitter' },
  child: { node: 'node:child_process.ChildProcess' },
  out: { node: 'node:stream.Writable' },
  stream: { node: 'node:stream.Writable' },
  src: { node: 'node:stream.Readable' },
  timer: { node: 'node:timers.Timeout' },
  p: { javascript: 'Promise' },
  // Node's perf_hooks exports `performance`; the catalog files its methods under the module.
  performance: { node: 'node:perf_hooks' },
};

/** Property chains the prose spells through a static property: `Task.Factory` is a `TaskFactory`. */
const PROPERTY_TYPES: ReadonlyArray<[string, CatalogLanguage, string]> = [
  ['Task.Factory.', 'csharp', 'System.Threading.Tasks.TaskFactory.'],
];

export interface Resolution {
  mention: Mention;
  /** The verdict that verified it, or undefined. */
  verdict?: ApiVerdict;
  /** The spelling that was looked up (after receiver substitution). */
  lookedUp: string;
}

/** Looks a mention up in the catalog languages that can hold it; `verified` or `removed` both prove it exists. */
export function resolveMention(mention: Mention): Resolution {
  const rest = mention.name.split('.').slice(1);
  const candidates: Array<[CatalogLanguage, string]> = [
    ...receiverTypes(mention).map(([l, type]): [CatalogLanguage, string] => [l, [type, ...rest].join('.')]),
    ...PROPERTY_TYPES.filter(([prefix]) => mention.name.startsWith(prefix)).map(
      ([prefix, l, type]): [CatalogLanguage, string] => [l, type + mention.name.slice(prefix.length)],
    ),
    ...languagesFor(mention).map((l): [CatalogLanguage, string] => [l, mention.name]),
  ];
  for (const [language, name] of candidates) {
    const spelled = name.replace(/<[^<>]*>/g, '').replace(/!$/, '');
    const verdict = verifyApi(language, spelled);
    if (verdict.status === 'verified' || verdict.status === 'removed') return { mention, verdict, lookedUp: spelled };
    // A bare type name (`TaskGroup`, `JoinSet`) is found when exactly one entry of the language ends with it.
    if (!/\.|::|\//.test(spelled)) {
      const unique = uniqueByLastSegment(language, spelled);
      if (unique) return { mention, verdict: verifyApi(language, unique), lookedUp: unique };
    }
  }
  return { mention, lookedUp: mention.name };
}

/**
 * The shortest id of a language's catalog whose last segment is `name` (type parameters ignored): a bare name in
 * prose (`CancelledError`, `JoinSet`) exists when some entry carries it.
 */
function uniqueByLastSegment(language: CatalogLanguage, name: string): string | undefined {
  const load = loadCatalog(catalogLanguageOf(language));
  if (!load.ok) return undefined;
  const ids = load.catalog.sortedIds.filter((id) => id.replace(/<[^<>]*>/g, '').split(/::|\./).pop() === name);
  return ids.sort((x, y) => x.length - y.length)[0];
}

// --- version claims next to a name ---------------------------------------------------------------------------

/** A version axis of the catalog (`since` keys) and the words the prose uses for it. */
const RUNTIME_WORDS: ReadonlyArray<[string, RegExp]> = [
  ['python', /^Python$/],
  ['node', /^Node(?:\.js)?$/],
  ['dotnet', /^\.NET$/],
  ['tokio', /^tokio$/],
];

export interface VersionClaim {
  mention: Mention;
  /** `available`: the name exists from this version on; `unavailable`: the text says it is missing on this one. */
  kind: 'available' | 'unavailable';
  /** A catalog `since` key: python, node, ecmascript, dotnet, tokio. */
  runtime: string;
  version: string;
  /** The words the claim was read from. */
  text: string;
}

const VERSION = String.raw`\d+(?:\.\d+){0,2}`;
const RUNTIME = String.raw`(Python|Node(?:\.js)?|\.NET|tokio)`;

/** The runtime a claim without a runtime word is about: the catalog language's only version axis. */
function defaultRuntime(language: CatalogLanguage | undefined): string | undefined {
  return language === 'python' ? 'python' : language === 'csharp' ? 'dotnet' : language === 'rust' ? 'tokio' : undefined;
}

function runtimeOf(word: string | undefined, fallback: string | undefined): string | undefined {
  if (word === undefined) return fallback;
  return RUNTIME_WORDS.find(([, re]) => re.test(word))?.[0];
}

/**
 * The version claims made about a mention, read from the forms the skill uses and nothing looser:
 * a table's second cell (`| Python 3.11 |`, `| Node 17.3 (backported to 16.14) |`, `(ES2020)`), a parenthesis right
 * after the span (`(3.9+)`, `(Node 17.3+, 16.14+)`, `(.NET 6)`, `(tokio 1.21+)`, `, Python 3.13+)`),
 * "needs Node 20.3+", "arrived in 3.11" / "in 3.9", and "on 3.10" / "on Node 20" for a use that is too new.
 * Behaviour changes ("since 3.11 it is the builtin", "removed in 3.11") are not availability claims and are skipped.
 */
export function claimsOf(mention: Mention, language: CatalogLanguage | undefined): VersionClaim[] {
  if (!mention.first) return [];
  // "only became the builtin `TimeoutError` in 3.11", "is a `TypeError` on Node 20": the name is not the subject.
  if (/\b(?:became|becomes|alias of)\b[^`]*$|\bis an?\s*$/i.test(mention.before)) return [];
  const out: VersionClaim[] = [];
  const fallback = defaultRuntime(language);
  const add = (kind: VersionClaim['kind'], word: string | undefined, version: string, text: string, base = fallback) => {
    const runtime = runtimeOf(word, base);
    if (runtime !== undefined) out.push({ mention, kind, runtime, version, text });
  };
  if (mention.nextCell !== undefined) {
    const cell = mention.nextCell;
    const main = new RegExp(`^${RUNTIME}\\s+(${VERSION})`).exec(cell);
    if (main) {
      add('available', main[1], main[2] ?? '', cell);
      for (const b of cell.matchAll(new RegExp(`backported to (${VERSION})`, 'g'))) add('available', main[1], b[1] ?? '', cell);
      for (const e of cell.matchAll(/\((ES\d{4})\)/g)) out.push({ mention, kind: 'available', runtime: 'ecmascript', version: e[1] ?? '', text: cell });
    }
    return out;
  }
  const after = mention.after;
  const paren = new RegExp(`^\\s*[(,]\\s*(?:${RUNTIME}\\s+)?(${VERSION})\\+?((?:,\\s*${VERSION}\\+?)*)\\s*[);]`).exec(after);
  if (paren) {
    add('available', paren[1], paren[2] ?? '', paren[0]);
    for (const more of (paren[3] ?? '').matchAll(new RegExp(VERSION, 'g'))) add('available', paren[1], more[0], paren[0]);
    return out;
  }
  // "in 3.12 and 3.13" says when something happens (a warning), not since when a name exists.
  const needs = new RegExp(`^\\s*(?:needs|arrived in|in)\\s+(?:${RUNTIME}\\s+)?(${VERSION})(?![\\d.])(?!\\s+and\\b)`).exec(after);
  if (needs) {
    add('available', needs[1], needs[2] ?? '', needs[0]);
    return out;
  }
  const on = new RegExp(`^\\s*on\\s+(?:${RUNTIME}\\s+)?(${VERSION})\\b`).exec(after);
  if (on) add('unavailable', on[1], on[2] ?? '', on[0]);
  return out;
}
