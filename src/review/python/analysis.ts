/**
 * Shared facts and predicates for the Python rules: computed once per file, so each rule asks instead of
 * re-walking the tree. Everything here is syntactic: the reviewed code is never imported or executed.
 */
import type { Node } from 'web-tree-sitter';
import { parentOf, unparen } from '../tree-sitter.js';

export type PyNode = Node;

/** Node types that start a new function scope (a lambda inside `async def` is not itself async). */
const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);

/**
 * A key that identifies a node within one tree. `Node.id` does not: tree-sitter packs small leaves (short
 * identifiers) into the pointer itself, so two equal tokens can share an id.
 */
export function nodeKey(node: PyNode): string {
  return `${node.startIndex}:${node.endIndex}:${node.typeId}`;
}

let fnCache: { tree: unknown; map: Map<string, PyNode | undefined> } | undefined;

/** The nearest enclosing function or lambda, or undefined at module / class level (memoised per tree). */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  if (fnCache?.tree !== node.tree) fnCache = { tree: node.tree, map: new Map() };
  const map = fnCache.map;
  const key = nodeKey(node);
  if (map.has(key)) return map.get(key);
  let found: PyNode | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (FUNCTION_TYPES.has(p.type)) {
      found = p;
      break;
    }
  }
  map.set(key, found);
  return found;
}

/** Drops the per-tree caches (called when a review ends, so a freed tree is never consulted). */
export function releaseTreeCaches(): void {
  fnCache = undefined;
}

/** `async def`: the grammar marks it with an anonymous `async` first child. */
export function isAsyncDef(fn: PyNode | undefined): boolean {
  return fn !== undefined && fn.type === 'function_definition' && fn.child(0)?.type === 'async';
}

/** The function body yields: an `async def` with `yield` is an async generator, iterated rather than awaited. */
export function isGenerator(fn: PyNode): boolean {
  const body = fn.childForFieldName('body');
  return !!body && descendantsInScope(body, new Set(['yield'])).length > 0;
}

/** The node runs inside a coroutine body (not in a nested sync def or lambda). */
export function inAsyncFunction(node: PyNode): boolean {
  return isAsyncDef(enclosingFunction(node));
}

/** `async with` / `async for`. */
export function isAsyncStatement(node: PyNode): boolean {
  return (node.type === 'with_statement' || node.type === 'for_statement') && node.child(0)?.type === 'async';
}

export { parentOf, unparen };

/** The call's callee node. */
export function calleeOf(call: PyNode): PyNode | null {
  return call.childForFieldName('function');
}

/** The last name of a callee: `get` for `session.get(...)`, `sleep` for `sleep(...)`. */
export function calleeLastName(call: PyNode): string {
  const fn = calleeOf(call);
  if (!fn) return '';
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? '';
  return '';
}

/** The receiver text of a method call: `self.session` for `self.session.get(...)`. */
export function receiverText(call: PyNode): string | undefined {
  const fn = calleeOf(call);
  if (fn?.type !== 'attribute') return undefined;
  return fn.childForFieldName('object')?.text;
}

/** Keyword arguments of a call by name. */
export function keywordArgs(call: PyNode): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return out;
  for (const a of args.namedChildren) {
    if (a?.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value');
    if (name && value) out.set(name, value);
  }
  return out;
}

/** Positional arguments of a call (including `*spread` ones). */
export function positionalArgs(call: PyNode): PyNode[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.namedChildren.filter((a): a is PyNode => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment' && a.type !== 'dictionary_splat');
}

/** The call passes `**kwargs`, so any keyword may be present. */
export function hasKwargsSplat(call: PyNode): boolean {
  const args = call.childForFieldName('arguments');
  return !!args?.namedChildren.some((a) => a?.type === 'dictionary_splat');
}

/** The expression is awaited (`await x`, possibly parenthesised). */
export function isAwaited(node: PyNode): boolean {
  return parentOf(node)?.type === 'await';
}

/** True when `inner` lies within `outer` (same node included). */
export function contains(outer: PyNode, inner: PyNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Every descendant (named only) of a node, in source order, without entering nested functions or classes. */
export function descendantsInScope(root: PyNode, types?: ReadonlySet<string>): PyNode[] {
  const out: PyNode[] = [];
  const stack: PyNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as PyNode;
    if (n !== root && (FUNCTION_TYPES.has(n.type) || n.type === 'class_definition')) continue;
    if (n !== root && (!types || types.has(n.type))) out.push(n);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  return out;
}

/** Identifiers named `name` in a scope (without nested functions). */
export function referencesTo(root: PyNode, name: string): PyNode[] {
  return descendantsInScope(root, new Set(['identifier', 'attribute'])).filter((n) => n.text === name);
}

/** The statement that holds a node: its nearest ancestor that is a direct child of a block or the module. */
export function enclosingStatement(node: PyNode): PyNode {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n;
}

const LOOP_TYPES = new Set(['for_statement', 'while_statement']);

/** The nearest loop around the node inside the same function. */
export function enclosingLoop(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (FUNCTION_TYPES.has(p.type) || p.type === 'class_definition') return undefined;
    if (LOOP_TYPES.has(p.type)) {
      // The iterable of a `for` runs once, before the loop: only the body repeats.
      const body = p.childForFieldName('body');
      if (body && contains(body, node)) return p;
    }
  }
  return undefined;
}

/** Names imported by the module: local name -> qualified name (`r` -> `requests`, `sleep` -> `time.sleep`). */
export function collectImports(root: PyNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!stmt) continue;
    if (stmt.type === 'import_statement') {
      for (const n of stmt.childrenForFieldName('name')) {
        if (n.type === 'aliased_import') {
          const alias = n.childForFieldName('alias')?.text;
          const full = n.childForFieldName('name')?.text;
          if (alias && full) out.set(alias, full);
        } else {
          const first = n.text.split('.')[0];
          if (first) out.set(first, first);
        }
      }
    } else {
      const mod = stmt.childForFieldName('module_name')?.text;
      if (!mod || mod.startsWith('.')) continue;
      for (const n of stmt.childrenForFieldName('name')) {
        if (n.type === 'aliased_import') {
          const alias = n.childForFieldName('alias')?.text;
          const name = n.childForFieldName('name')?.text;
          if (alias && name) out.set(alias, `${mod}.${name}`);
        } else {
          out.set(n.text, `${mod}.${n.text}`);
        }
      }
    }
  }
  return out;
}

/** Asyncio classes (and a few others) whose instances the rules recognise by where they were made. */
const CONSTRUCTORS: Record<string, string> = {
  'asyncio.Queue': 'asyncio.Queue',
  'asyncio.PriorityQueue': 'asyncio.PriorityQueue',
  'asyncio.LifoQueue': 'asyncio.LifoQueue',
  'asyncio.Lock': 'asyncio.Lock',
  'asyncio.Event': 'asyncio.Event',
  'asyncio.Condition': 'asyncio.Condition',
  'asyncio.Semaphore': 'asyncio.Semaphore',
  'asyncio.BoundedSemaphore': 'asyncio.BoundedSemaphore',
  'asyncio.TaskGroup': 'asyncio.TaskGroup',
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.create_subprocess_exec': 'asyncio.subprocess.Process',
  'asyncio.create_subprocess_shell': 'asyncio.subprocess.Process',
  'subprocess.Popen': 'subprocess.Popen',
  'socket.socket': 'socket.socket',
  'socket.create_connection': 'socket.socket',
  'sqlite3.connect': 'sqlite3.Connection',
  'aiohttp.ClientSession': 'aiohttp.ClientSession',
  'httpx.AsyncClient': 'httpx.AsyncClient',
  'requests.Session': 'requests.Session',
  'boto3.client': 'boto3.client',
  'boto3.resource': 'boto3.client',
  'redis.Redis': 'redis.Redis',
  'redis.StrictRedis': 'redis.Redis',
  'redis.from_url': 'redis.Redis',
  'redis.Redis.from_url': 'redis.Redis',
  'pymongo.MongoClient': 'pymongo.MongoClient',
  'urllib3.PoolManager': 'urllib3.PoolManager',
  'psycopg2.connect': 'psycopg2.connection',
  'pymysql.connect': 'psycopg2.connection',
  'requests.session': 'requests.Session',
  'anyio.create_task_group': 'anyio.TaskGroup',
  'trio.open_nursery': 'trio.Nursery',
};

/** Words that appear in every construct `collectBindings` records (constructors, annotations, as-targets). */
const BINDING_HINT = /urllib3|PoolManager|boto3|redis|Redis|Mongo|psycopg2|pymysql|Queue|Lock|Event|Condition|Semaphore|TaskGroup|loop|subprocess|Popen|socket|sqlite3|connect|ClientSession|AsyncClient|Session|session|task_group|nursery|open_connection|Stream|asyncio/;

/** asyncio classes an annotation can name for the rules to track. */
const ANNOTATED_CLASSES = /^asyncio\.(Queue|PriorityQueue|LifoQueue|Lock|Event|Condition|Semaphore|BoundedSemaphore|StreamReader|StreamWriter|TaskGroup|AbstractEventLoop)$/;

/** Loop methods whose callback runs on the loop's thread, inside the running loop. */
export const LOOP_CALLBACK = /^(call_soon|call_soon_threadsafe|call_later|call_at|add_done_callback|add_signal_handler|add_reader|add_writer)$/;

/** Longest dotted name the rules resolve (real code stays far below). */
const MAX_CHAIN = 64;

/** Per-file facts shared by the rules. */
export class PyFile {
  readonly imports: Map<string, string>;
  /** `q` / `self.q` -> class (`asyncio.Queue`); names bound to two different classes are left out. */
  readonly bindings = new Map<string, string>();
  /** Module-level `async def` names (and those also defined sync, which are ambiguous and left out). */
  readonly asyncFunctions = new Set<string>();
  /** Class name -> its `async def` method names. */
  readonly asyncMethods = new Map<string, Set<string>>();
  /** Module-level assigned names (module state). */
  readonly moduleNames = new Set<string>();
  /** Classes defined at module level (their class attributes are module state too). */
  readonly moduleClasses = new Set<string>();
  private readonly ambiguous = new Set<string>();

  /** Local names bound to the asyncio module (`asyncio`, or `aio` after `import asyncio as aio`). */
  readonly asyncioNames: string[];
  /** The module imports asyncio (or something from it). */
  readonly usesAsyncio: boolean;
  /**
   * The module is written for trio, anyio or curio and does not import asyncio: their cancellation is
   * level-triggered (re-delivered at the next checkpoint) and their objects are not asyncio's.
   */
  readonly otherFrameworkOnly: boolean;
  /** Module-level names assigned exactly once: name -> the value expression. */
  private readonly moduleValues = new Map<string, PyNode>();

  constructor(readonly root: PyNode, readonly source: string) {
    this.imports = collectImports(root);
    this.asyncioNames = [...this.imports].filter(([, q]) => q === 'asyncio').map(([local]) => local);
    const qualified = [...this.imports.values()];
    this.usesAsyncio = qualified.some((q) => q === 'asyncio' || q.startsWith('asyncio.'));
    // Also the frameworks' own modules, which import their internals relatively but use their cancel scopes.
    this.otherFrameworkOnly = !this.usesAsyncio && (qualified.some((q) => /^(trio|anyio|curio)(\.|$)/.test(q)) || /\bCancelScope\(|\bopen_nursery\(/.test(source));
    this.collectDefinitions();
    this.collectBindings();
  }

  /** The value a module-level name was assigned, when it was assigned once (`PY_311 = sys.version_info >= (3, 11)`). */
  moduleValue(name: string): PyNode | undefined {
    return this.moduleValues.get(name);
  }

  private readonly qualified = new Map<string, string | undefined>();
  private readonly callees = new Map<string, string | undefined>();
  private readonly receivers = new Map<string, string | undefined>();
  private functionDefs: PyNode[] | undefined;

  /** Every `def` / `async def` in the file (computed once). */
  functions(): PyNode[] {
    this.functionDefs ??= this.root.descendantsOfType('function_definition').filter((d): d is PyNode => d !== null);
    return this.functionDefs;
  }

  /** Dotted name of an identifier/attribute chain with the head resolved through imports; undefined otherwise. */
  qualify(node: PyNode | null | undefined): string | undefined {
    if (!node) return undefined;
    const key = nodeKey(node);
    if (this.qualified.has(key)) return this.qualified.get(key);
    const q = this.qualifyUncached(node);
    this.qualified.set(key, q);
    return q;
  }

  private qualifyUncached(node: PyNode): string | undefined {
    // Iterative, and capped: a generated file may hold an attribute chain thousands of links long.
    const parts: string[] = [];
    let n = unparen(node);
    while (n.type === 'attribute' && parts.length < MAX_CHAIN) {
      const attr = n.childForFieldName('attribute')?.text;
      const obj = n.childForFieldName('object');
      if (!attr || !obj) return undefined;
      parts.unshift(attr);
      n = unparen(obj);
    }
    if (n.type !== 'identifier') return undefined;
    return [this.imports.get(n.text) ?? n.text, ...parts].join('.');
  }

  /** Cheap text test before any tree query: the expression starts with a name bound to asyncio. */
  mentionsAsyncio(node: PyNode): boolean {
    const text = node.text;
    return this.asyncioNames.some((a) => text.startsWith(`${a}.`));
  }

  /** Qualified name of a call's callee (memoised: every rule asks about the same calls). */
  calleeName(call: PyNode): string | undefined {
    const key = nodeKey(call);
    if (this.callees.has(key)) return this.callees.get(key);
    const q = this.qualify(calleeOf(call));
    this.callees.set(key, q);
    return q;
  }

  /** The class of the object a method is called on, when evident: `q.get()` with `q = asyncio.Queue()`. */
  receiverClass(call: PyNode): string | undefined {
    const key = nodeKey(call);
    if (this.receivers.has(key)) return this.receivers.get(key);
    const cls = this.receiverClassUncached(call);
    this.receivers.set(key, cls);
    return cls;
  }

  private receiverClassUncached(call: PyNode): string | undefined {
    const fn = calleeOf(call);
    if (fn?.type !== 'attribute') return undefined;
    const obj = fn.childForFieldName('object');
    if (!obj) return undefined;
    const o = unparen(obj);
    if (o.type === 'call') return this.constructedClass(o);
    if (o.type === 'await') {
      const inner = o.namedChild(0);
      return inner?.type === 'call' ? this.constructedClass(inner) : undefined;
    }
    return this.bindings.get(o.text);
  }

  /** The class a call constructs or returns, from the table above. */
  constructedClass(call: PyNode): string | undefined {
    const name = this.calleeName(call);
    return name ? CONSTRUCTORS[name] : undefined;
  }

  /** How each binding was learnt, for a finding's basis: `\`q = asyncio.Queue()\` (line 4)`. */
  private readonly origins = new Map<string, string>();

  /** Where the class of a bound name comes from (the statement that binds it), when it is tracked. */
  bindingOrigin(name: string): string | undefined {
    return this.origins.get(name);
  }

  private bind(name: string, cls: string, at?: PyNode): void {
    if (this.ambiguous.has(name)) return;
    const had = this.bindings.get(name);
    if (had !== undefined && had !== cls) {
      this.bindings.delete(name);
      this.origins.delete(name);
      this.ambiguous.add(name);
      return;
    }
    this.bindings.set(name, cls);
    if (at && !this.origins.has(name)) this.origins.set(name, `\`${snippet(at)}\` (line ${at.startPosition.row + 1})`);
  }

  private collectDefinitions(): void {
    const sync = new Set<string>();
    for (const child of this.root.namedChildren) {
      if (!child) continue;
      const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (!def) continue;
      if (def.type === 'function_definition') {
        const name = def.childForFieldName('name')?.text;
        if (!name) continue;
        if (isAsyncDef(def) && !isGenerator(def)) this.asyncFunctions.add(name);
        else sync.add(name);
      } else if (def.type === 'class_definition') {
        const cname = def.childForFieldName('name')?.text;
        const body = def.childForFieldName('body');
        if (!cname || !body) continue;
        this.moduleClasses.add(cname);
        const methods = new Set<string>();
        const syncMethods = new Set<string>();
        for (const m of body.namedChildren) {
          const md = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
          if (md?.type !== 'function_definition') continue;
          const mname = md.childForFieldName('name')?.text;
          if (!mname) continue;
          if (isAsyncDef(md) && !isGenerator(md)) methods.add(mname);
          else syncMethods.add(mname);
        }
        for (const s of syncMethods) methods.delete(s);
        this.asyncMethods.set(cname, methods);
      } else if (def.type === 'expression_statement') {
        const a = def.namedChild(0);
        if (a?.type === 'assignment') {
          const left = a.childForFieldName('left');
          const right = a.childForFieldName('right');
          if (left?.type === 'identifier') {
            if (this.moduleNames.has(left.text)) this.moduleValues.delete(left.text);
            else if (right) this.moduleValues.set(left.text, right);
            this.moduleNames.add(left.text);
          }
        }
      }
    }
    for (const s of sync) this.asyncFunctions.delete(s);
  }

  private collectBindings(): void {
    for (const n of this.root.descendantsOfType(['assignment', 'with_item', 'typed_parameter', 'typed_default_parameter'])) {
      if (!n) continue;
      // Most assignments make nothing the rules track: a text test first keeps the tree queries for the few that do.
      if (!BINDING_HINT.test(n.text)) continue;
      if (n.type === 'assignment') {
        const left = n.childForFieldName('left');
        let right = n.childForFieldName('right');
        if (!left || !right) continue;
        right = unparen(right);
        if (right.type === 'await') right = right.namedChild(0) ?? right;
        if (right.type === 'call') {
          const cls = this.constructedClass(right);
          if (cls && (left.type === 'identifier' || left.type === 'attribute')) this.bind(left.text, cls, n);
          if (/^asyncio\.open_(unix_)?connection$/.test(this.calleeName(right) ?? '') && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) {
            const [r, w] = left.namedChildren;
            if (r?.type === 'identifier') this.bind(r.text, 'asyncio.StreamReader', n);
            if (w?.type === 'identifier') this.bind(w.text, 'asyncio.StreamWriter', n);
          }
        }
        const type = n.childForFieldName('type');
        if (type && (left.type === 'identifier' || left.type === 'attribute')) this.bindAnnotation(left.text, type, n);
      } else if (n.type === 'with_item') {
        const v = n.childForFieldName('value');
        if (v?.type !== 'as_pattern') continue;
        const call = v.namedChild(0);
        const alias = v.childForFieldName('alias')?.namedChild(0);
        if (call?.type !== 'call' || alias?.type !== 'identifier') continue;
        const cls = this.constructedClass(call);
        if (cls) this.bind(alias.text, cls, n);
      } else {
        const name = n.namedChild(0);
        const type = n.childForFieldName('type');
        if (name?.type === 'identifier' && type) this.bindAnnotation(name.text, type, n);
      }
    }
    this.bindServerCallbacks();
    this.bindCollectionItems();
  }

  /** An annotation naming an asyncio class: `q: asyncio.Queue[int]`, `writer: asyncio.StreamWriter`. */
  private annotatedClass(type: PyNode): string | undefined {
    const t = type.type === 'type' ? type.namedChild(0) ?? type : type;
    const base = t.type === 'generic_type' ? t.namedChild(0) : t;
    const q = base ? this.qualify(base) ?? base.text : undefined;
    return q && ANNOTATED_CLASSES.test(q) ? q : undefined;
  }

  private bindAnnotation(name: string, type: PyNode, at: PyNode): void {
    const cls = this.annotatedClass(type);
    if (cls) {
      this.bind(name, cls, at);
      return;
    }
    // `clients: set[asyncio.StreamWriter]`: the items of the collection are of that class.
    const t = type.namedChild(0) ?? type;
    if (t.type !== 'generic_type' || !/^(set|list|frozenset|tuple|deque|Set|List|FrozenSet|Sequence|Iterable|MutableSet|Deque|typing\.\w+|collections\.deque)$/.test(t.namedChild(0)?.text ?? '')) return;
    const param = t.namedChildren.find((c) => c?.type === 'type_parameter')?.namedChild(0);
    const item = param ? this.annotatedClass(param) : undefined;
    if (item) this.itemClasses.set(name, { cls: item, origin: `\`${snippet(at)}\` (line ${at.startPosition.row + 1})` });
  }

  /** Collections whose items have a declared class: `clients: set[asyncio.StreamWriter]`. */
  private readonly itemClasses = new Map<string, { cls: string; origin: string }>();

  /** `for w in clients` / `for w in list(self.clients)` over a collection of declared items binds `w`. */
  private bindCollectionItems(): void {
    if (this.itemClasses.size === 0) return;
    for (const loop of this.root.descendantsOfType(['for_statement', 'for_in_clause'])) {
      const left = loop?.childForFieldName('left');
      let it = loop?.childForFieldName('right');
      if (!loop || left?.type !== 'identifier' || !it) continue;
      it = unparen(it);
      if (it.type === 'call' && /^(list|tuple|set|sorted|reversed|frozenset)$/.test(calleeLastName(it))) it = positionalArgs(it)[0] ?? it;
      if (it.type === 'call' && calleeLastName(it) === 'copy') it = calleeOf(it)?.childForFieldName('object') ?? it;
      const item = this.itemClasses.get(it.text);
      if (item) {
        this.bind(left.text, item.cls, loop);
        if (!this.origins.has(left.text) || this.origins.get(left.text)?.startsWith('`for')) this.origins.set(left.text, `an item of ${item.origin}`);
      }
    }
  }

  /**
   * `asyncio.start_server(handle, ...)`: asyncio calls `handle(reader, writer)` with a StreamReader and a
   * StreamWriter (documented), so those are the classes of the callback's first two parameters.
   */
  private bindServerCallbacks(): void {
    if (this.asyncioNames.length === 0 && !this.usesAsyncio) return;
    for (const call of this.root.descendantsOfType('call')) {
      if (!call || !/^asyncio\.start_(unix_)?server$/.test(this.calleeName(call) ?? '')) continue;
      const cb = positionalArgs(call)[0] ?? keywordArgs(call).get('client_connected_cb');
      if (!cb || (cb.type !== 'identifier' && cb.type !== 'attribute')) continue;
      const name = cb.type === 'identifier' ? cb.text : cb.childForFieldName('attribute')?.text;
      const defs = this.functions().filter((d) => d.childForFieldName('name')?.text === name);
      if (defs.length !== 1) continue;
      const params = (defs[0]?.childForFieldName('parameters')?.namedChildren ?? [])
        .map((p) => (p?.type === 'identifier' ? p : p?.namedChild(0)))
        .filter((p): p is PyNode => p?.type === 'identifier' && p.text !== 'self' && p.text !== 'cls');
      const [r, w] = params;
      const origin = `the callback of \`${snippet(call)}\` (line ${call.startPosition.row + 1}), called with (StreamReader, StreamWriter)`;
      if (r) {
        this.bind(r.text, 'asyncio.StreamReader');
        this.origins.set(r.text, origin);
      }
      if (w) {
        this.bind(w.text, 'asyncio.StreamWriter');
        this.origins.set(w.text, origin);
      }
    }
  }

  private threadSide: PyNode[] | undefined;

  /**
   * Sync functions (and lambdas) this file runs on another thread: `threading.Thread(target=f)`,
   * `loop.run_in_executor(ex, f, ...)`, `asyncio.to_thread(f, ...)`, `executor.submit(f, ...)`, and the sync
   * functions and methods of this file they call (`self._on_sample(...)`). A thread that runs a loop of its own
   * (`asyncio.run(...)`, `new_event_loop()` + `run_forever()`) owns that loop and is left out.
   */
  threadSideFunctions(): PyNode[] {
    if (this.threadSide) return this.threadSide;
    const out: PyNode[] = [];
    const seen = new Set<number>();
    const add = (fn: PyNode | undefined): void => {
      if (!fn || seen.has(fn.startIndex) || isAsyncDef(fn)) return;
      seen.add(fn.startIndex);
      out.push(fn);
    };
    if (this.usesAsyncio) {
      for (const call of this.root.descendantsOfType('call')) {
        if (!call) continue;
        const name = this.calleeName(call) ?? '';
        const last = calleeLastName(call);
        let target: PyNode | undefined;
        if (name === 'threading.Thread' || name === 'threading.Timer') target = keywordArgs(call).get('target') ?? (name === 'threading.Timer' ? positionalArgs(call)[1] : undefined);
        else if (last === 'run_in_executor') target = positionalArgs(call)[1];
        else if (name === 'asyncio.to_thread') target = positionalArgs(call)[0];
        else if (last === 'submit' && /executor|pool/i.test(calleeOf(call)?.childForFieldName('object')?.text ?? '')) target = positionalArgs(call)[0];
        if (!target) continue;
        const t = unparen(target);
        add(t.type === 'lambda' ? t : this.localFunction(t));
      }
      // What a thread-side function calls in this file runs on that thread too (a few levels deep), unless the
      // function set up a loop of its own for that thread first.
      for (let i = 0; i < out.length && i < 64; i++) {
        if (this.ownsLoop(out[i] as PyNode)) continue;
        for (const c of descendantsInScope(out[i] as PyNode, new Set(['call']))) {
          const fn = calleeOf(c);
          if (fn) add(this.localFunction(fn));
        }
      }
    }
    this.threadSide = out.filter((fn) => !this.ownsLoop(fn));
    return this.threadSide;
  }

  /** The function runs an event loop of its own (`asyncio.run`, a new loop, `run_until_complete`). */
  private ownsLoop(fn: PyNode): boolean {
    return descendantsInScope(fn, new Set(['call'])).some((c) => /^asyncio\.(run|new_event_loop|set_event_loop|Runner)$/.test(this.calleeName(c) ?? '') || /^(run_forever|run_until_complete)$/.test(calleeLastName(c)));
  }

  private loopSide: Map<number, PyNode> | undefined;

  /**
   * Plain `def`s of this file that run on the event loop's thread while the loop is running: called directly from
   * a coroutine (not handed to a thread), or scheduled as a loop callback (`call_soon`, `call_later`,
   * `add_done_callback`, `add_signal_handler`...), and what they call in turn (a few levels deep). Maps each to
   * the call or callback registration that puts it there.
   */
  loopSideFunctions(): Map<number, PyNode> {
    if (this.loopSide) return this.loopSide;
    const out = new Map<number, PyNode>();
    const queue: PyNode[] = [];
    const add = (fn: PyNode | undefined, via: PyNode): void => {
      if (!fn || isAsyncDef(fn) || fn.type !== 'function_definition' || out.has(fn.startIndex)) return;
      out.set(fn.startIndex, via);
      queue.push(fn);
    };
    if (this.usesAsyncio) {
      for (const fn of this.functions()) {
        if (!isAsyncDef(fn)) continue;
        for (const c of descendantsInScope(fn, new Set(['call']))) {
          const callee = calleeOf(c);
          if (callee) add(this.localFunction(callee), c);
        }
      }
      for (const call of this.root.descendantsOfType('call')) {
        if (!call || !LOOP_CALLBACK.test(calleeLastName(call))) continue;
        const args = positionalArgs(call);
        // `call_soon(cb)`, `add_done_callback(cb)`; `call_later(delay, cb)`, `add_signal_handler(sig, cb)`, `add_reader(fd, cb)`.
        const ref = /^(call_later|call_at|add_signal_handler|add_reader|add_writer)$/.test(calleeLastName(call)) ? args[1] : args[0];
        if (ref) add(this.localFunction(unparen(ref)), call);
      }
      for (let i = 0; i < queue.length && i < 64; i++) {
        for (const c of descendantsInScope(queue[i] as PyNode, new Set(['call']))) {
          const callee = calleeOf(c);
          if (callee) add(this.localFunction(callee), c);
        }
      }
    }
    this.loopSide = out;
    return out;
  }

  /** The one `def` a name (`f`) or a `self.m` / `cls.m` reference points to in this file, if unambiguous. */
  private localFunction(ref: PyNode): PyNode | undefined {
    const name = ref.type === 'identifier' ? ref.text : ref.type === 'attribute' && /^(self|cls)$/.test(ref.childForFieldName('object')?.text ?? '') ? ref.childForFieldName('attribute')?.text : undefined;
    if (!name) return undefined;
    const defs = this.functions().filter((d) => d.childForFieldName('name')?.text === name);
    return defs.length === 1 ? defs[0] : undefined;
  }

  /** The class that encloses a node (for `self.method()` lookups). */
  enclosingClassName(node: PyNode): string | undefined {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
    }
    return undefined;
  }

  /**
   * The call runs under a deadline: inside `async with asyncio.timeout()` (or anyio/trio/async_timeout's
   * equivalents), or as the awaited argument of `asyncio.wait_for`.
   */
  underDeadline(node: PyNode): boolean {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'with_statement') {
        for (const item of withItems(p)) {
          const v = item.childForFieldName('value');
          const call = v?.type === 'as_pattern' ? v.namedChild(0) : v;
          if (call?.type === 'call' && DEADLINE_CONTEXT.test(this.calleeName(call) ?? calleeLastName(call))) return true;
        }
      }
      if (p.type === 'call' && DEADLINE_CALL.test(this.calleeName(p) ?? '')) return true;
      if (p.type === 'function_definition' || p.type === 'lambda') break;
    }
    return false;
  }
}

/** The `with_item`s of a with statement (not those of statements nested in its body). */
export function withItems(withStmt: PyNode): PyNode[] {
  const clause = withStmt.namedChildren.find((c) => c?.type === 'with_clause');
  return clause ? clause.namedChildren.filter((c): c is PyNode => c?.type === 'with_item') : [];
}

/** The context-manager expressions of a with statement (`asyncio.timeout(5)` in `async with asyncio.timeout(5) as t`). */
export function withValues(withStmt: PyNode): PyNode[] {
  return withItems(withStmt).flatMap((item) => {
    const v = item.childForFieldName('value');
    const e = v?.type === 'as_pattern' ? v.namedChild(0) : v;
    return e ? [e] : [];
  });
}

/** Context managers that impose a deadline on their body. */
const DEADLINE_CONTEXT = /(^|\.)(timeout|timeout_at|fail_after|fail_at|move_on_after|move_on_at|Timeout)$/;
/** Calls that impose a deadline on the awaitable they are given. */
const DEADLINE_CALL = /^(asyncio\.wait_for|wait_for|asyncio\.wait|anyio\.fail_after|async_timeout\.timeout)$/;

/** Names a value could be bound to in an assignment target (`x`, `a, b`, `self.x`). */
export function targetNames(left: PyNode): string[] {
  if (left.type === 'identifier' || left.type === 'attribute' || left.type === 'subscript') return [left.text];
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
    return left.namedChildren.flatMap((c) => (c ? targetNames(c) : []));
  }
  return [];
}

export { spanOf } from '../tree-sitter.js';

/** Short source text of a node for messages (first line, at most 60 characters). */
export function snippet(node: PyNode): string {
  const first = node.text.split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

/** Calls that iterate what they are given item by item, so looping over `zip(names, results)` walks `results`. */
const ITEM_WRAPPERS = /^(zip|enumerate|reversed|sorted|list|tuple|set|iter)$/;

/** Where one item of a collection is handled: the loop variables and the nodes that run once per item. */
export interface ItemLoop {
  vars: string[];
  perItem: PyNode[];
}

/**
 * The loop that walks `ref` item by item: `ref` (possibly inside `zip`, `enumerate`, `sorted`...) is the iterable
 * of a `for` statement or of a comprehension clause. Undefined otherwise.
 */
export function itemLoopOf(ref: PyNode): ItemLoop | undefined {
  let n = ref;
  let p = parentOf(n);
  while (p?.type === 'argument_list' || p?.type === 'list_splat') {
    const call = p.type === 'argument_list' ? p.parent : parentOf(p)?.parent;
    if (call?.type !== 'call' || !ITEM_WRAPPERS.test(calleeLastName(call))) return undefined;
    n = call;
    p = parentOf(n);
  }
  if (!p) return undefined;
  const right = p.childForFieldName('right');
  if (!right || unparen(right).startIndex !== n.startIndex || unparen(right).endIndex !== n.endIndex) return undefined;
  const left = p.childForFieldName('left');
  const vars = left ? targetNames(left) : [];
  if (p.type === 'for_statement') {
    const body = p.childForFieldName('body');
    return { vars, perItem: body ? [body] : [] };
  }
  if (p.type === 'for_in_clause') {
    // The comprehension's element and its `if` clauses run once per item; so do later clauses.
    const comp = p.parent;
    const perItem = (comp?.namedChildren ?? []).filter((c): c is PyNode => c !== null && c.startIndex !== p.startIndex);
    return { vars, perItem };
  }
  return undefined;
}

/** Calls that only look at a collection as a whole (its size, its text), never at what it holds. */
const WHOLE_READERS = /^(len|print|str|repr|bool|format|id|type)$/;
/** Logging methods: handing them a collection prints it, it does not handle its items. */
const LOG_METHODS = /^(debug|info|warning|warn|error|exception|critical|log|msg)$/;

/**
 * `ref` is only read as a whole: its size or text (`len(x)`, `print(x)`, `log.info("%s", x)`, an f-string), its
 * truth or membership (`if x:`, `t in x`, `assert x`). Such a read neither hands the collection on nor touches
 * its items.
 */
export function isWholeRead(ref: PyNode): boolean {
  const p = parentOf(ref);
  if (!p) return false;
  switch (p.type) {
    case 'interpolation':
    case 'not_operator':
    case 'boolean_operator':
    case 'comparison_operator':
    case 'assert_statement':
      return true;
    case 'argument_list': {
      const call = p.parent;
      if (call?.type !== 'call') return false;
      const name = calleeLastName(call);
      return WHOLE_READERS.test(name) || (LOG_METHODS.test(name) && /log/i.test(receiverText(call) ?? ''));
    }
    case 'binary_operator':
      // `"%s" % x`: string formatting.
      return p.childForFieldName('left')?.type === 'string' && p.childForFieldName('operator')?.text === '%';
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement': {
      const cond = p.childForFieldName('condition');
      return !!cond && contains(cond, ref);
    }
    default:
      return false;
  }
}

/** `ref` is (part of) the target an assignment writes, not a read. */
export function isAssignedTo(ref: PyNode): boolean {
  for (let n = ref, p = ref.parent; p; n = p, p = p.parent) {
    if (p.type === 'assignment' || p.type === 'augmented_assignment') {
      const left = p.childForFieldName('left');
      return !!left && contains(left, n) && (p.type === 'assignment' || left.startIndex === ref.startIndex);
    }
    if (p.type !== 'pattern_list' && p.type !== 'tuple_pattern' && p.type !== 'list_pattern' && p.type !== 'parenthesized_expression') return false;
  }
  return false;
}

/**
 * The name a plain copy of `ref` is bound to: `x = ref`, `x = list(ref)`, `x = a | ref`. Reads through the copy
 * are reads of the collection.
 */
export function aliasOf(ref: PyNode): string | undefined {
  let n = ref;
  let p = parentOf(n);
  for (;;) {
    if (p?.type === 'argument_list' && p.parent?.type === 'call' && ITEM_WRAPPERS.test(calleeLastName(p.parent)) && positionalArgs(p.parent).length === 1) {
      n = p.parent;
    } else if (p?.type === 'binary_operator' && /^[|+]$/.test(p.childForFieldName('operator')?.text ?? '')) {
      n = p;
    } else break;
    p = parentOf(n);
  }
  if (p?.type !== 'assignment') return undefined;
  const left = p.childForFieldName('left');
  const right = p.childForFieldName('right');
  if (left?.type !== 'identifier' || !right || unparen(right).startIndex !== n.startIndex || unparen(right).endIndex !== n.endIndex) return undefined;
  return left.text;
}

/**
 * Follows a collection bound to `names` through the references after `stmt` (and through its copies, `x = list(p)`)
 * and says whether some use handles it. `judge` decides a reference first: `true` handled, `false` not (look on),
 * `undefined` no opinion. Then a copy is followed, a whole read (`len(p)`, logging) is not handling, and anything
 * else (passed on, returned, stored) is: whoever receives the collection now answers for it.
 */
export function collectionHandledAfter(
  scope: PyNode,
  stmt: PyNode,
  names: readonly string[],
  judge: (ref: PyNode) => boolean | undefined,
): boolean {
  const queue = [...names];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const ref of referencesTo(scope, name)) {
      if (ref.startIndex < stmt.endIndex || isAssignedTo(ref)) continue;
      const verdict = judge(ref);
      if (verdict === true) return true;
      if (verdict === false) continue;
      const alias = aliasOf(ref);
      if (alias) {
        if (!seen.has(alias)) {
          seen.add(alias);
          queue.push(alias);
        }
        continue;
      }
      if (isWholeRead(ref)) continue;
      return true;
    }
  }
  return false;
}

/**
 * The name an expression acts on: `trace` for `trace.send_start()`, `handler` for `handler()`, `ws` for
 * `ws.handler_task`; through `create_task(...)` / `ensure_future(...)` wrappers. Undefined for anything else.
 */
export function actingRoot(expr: PyNode): string | undefined {
  let e = unparen(expr);
  if (e.type === 'await') e = unparen(e.namedChild(0) ?? e);
  if (e.type === 'call' && /^(create_task|ensure_future)$/.test(calleeLastName(e))) {
    const inner = positionalArgs(e)[0];
    if (inner) e = unparen(inner);
  }
  if (e.type === 'call') e = unparen(calleeOf(e) ?? e);
  while (e.type === 'attribute' || e.type === 'subscript' || e.type === 'call') {
    const next = e.type === 'attribute' ? e.childForFieldName('object') : e.type === 'subscript' ? e.childForFieldName('value') : calleeOf(e);
    if (!next) return undefined;
    e = unparen(next);
  }
  return e.type === 'identifier' ? e.text : undefined;
}

/** Every assignment to `name` in `scope` (outside nested functions) binds it to a call that `isSource` accepts. */
export function boundOnlyFrom(scope: PyNode, name: string, isSource: (call: PyNode) => boolean): boolean {
  const defs = descendantsInScope(scope, new Set(['assignment'])).filter((a) => a.childForFieldName('left')?.text === name);
  return defs.length > 0 && defs.every((a) => {
    const right = a.childForFieldName('right');
    return right?.type === 'call' && isSource(right);
  });
}
