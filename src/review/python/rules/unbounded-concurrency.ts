import { actingRoot, targetNames, calleeLastName, calleeOf, descendantsInScope, enclosingFunction, positionalArgs, unparen, type PyFile, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

/** Names that say a limiter is involved. */
const LIMITER = /(sem|semaphore|limit|limiter|throttl|capacity|bounded|pool|slots)/i;
/** Collections that are already bounded slices or counted pools. */
const BOUNDED_COLLECTION = /(batch|chunk|window|slice|page|shard|workers?\b|worker_count|n_workers|num_workers|pool_size|producers|factories|callables|funcs|functions|coros|coroutines|awaitables|attempts|replicas|mirrors|endpoints|backends|shards|handlers?\b|listeners|callbacks|hooks|plugins|_handlers)/i;
const COMPREHENSIONS = new Set(['list_comprehension', 'generator_expression', 'set_comprehension']);

export const unboundedConcurrency: PyRule = {
  meta: {
    id: 'unbounded-concurrency',
    description: 'One task per item of a data-sized collection, all at once, with no semaphore or bounded pool.',
    severity: 'warning',
    basis: 'syntax',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    const message = (what: string): string =>
      `${what} starts one coroutine per item at once, and the number of items comes from data: thousands of sockets, rate limits and memory spikes follow. Bound it: an \`asyncio.Semaphore(n)\` acquired inside each coroutine (\`async with sem:\`), or a fixed pool of workers reading a queue.`;
    return {
      call(call) {
        const name = file.calleeName(call) ?? '';
        const last = calleeLastName(call);
        if (/^(asyncio\.)?(gather|wait|as_completed)$/.test(name)) {
          const args = positionalArgs(call);
          const source = name.endsWith('gather') ? args.find((a) => a.type === 'list_splat') : args[0];
          if (!source) return;
          const inner = unparen(source.type === 'list_splat' ? source.namedChild(0) ?? source : source);
          if (fanOutOverData(file, inner, call)) ctx.report({ node: call, message: message(`\`${name}(...)\``) });
          return;
        }
        if (last !== 'create_task' && name !== 'asyncio.ensure_future') return;
        const loop = spawningLoop(call);
        // A comprehension of tasks is judged where it is gathered or waited on.
        if (!loop || loop.type !== 'for_statement') return;
        const iterable = loop.type === 'for_statement' ? loop.childForFieldName('right') : loop.namedChildren.find((c) => c?.type === 'for_in_clause')?.childForFieldName('right');
        if (!iterable || isBoundedIterable(iterable)) return;
        const body = loop.type === 'for_statement' ? loop.childForFieldName('body') : loop;
        if (body && loopLimits(body)) return;
        const coro = positionalArgs(call)[0];
        if (coro && isGuarded(file, coro, call)) return;
        const left = loop.childForFieldName('left');
        const root = coro ? actingRoot(coro) : undefined;
        if (left && root !== undefined && targetNames(left).includes(root)) return; // each live object driven once
        ctx.report({ node: call, message: message(`\`${calleeOf(call)?.text ?? 'create_task'}(...)\` in a loop over \`${iterable.text.split('\n')[0]}\``) });
      },
    };
  },
};

/** The for loop (or comprehension) in the same function that spawns the task once per item. */
function spawningLoop(call: PyNode): PyNode | undefined {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return undefined;
    if (p.type === 'for_statement' && p.childForFieldName('body') && p.childForFieldName('body')!.startIndex <= call.startIndex) return p;
    if (COMPREHENSIONS.has(p.type)) return p;
    if (p.type === 'while_statement') return undefined; // a while loop spawning tasks is a server accept loop; judged elsewhere
  }
  return undefined;
}

function isBoundedIterable(it: PyNode): boolean {
  const n = unparen(it);
  if (n.type === 'identifier' && boundToLiteral(n)) return true;
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set' || n.type === 'dictionary') return true;
  if (n.type === 'call' && calleeLastName(n) === 'range') return !/\blen\(/.test(n.text) || positionalArgs(n).length === 3; // range(len(items)) is the data; with a step, batches
  if (n.type === 'subscript' && n.descendantsOfType('slice').length > 0) return true;
  if (n.type === 'call' && /^(enumerate|zip|sorted|reversed|list)$/.test(calleeLastName(n))) {
    const inner = n.childForFieldName('arguments')?.namedChild(0);
    return inner ? isBoundedIterable(inner) : false;
  }
  return BOUNDED_COLLECTION.test(n.text);
}

/** A name assigned a literal list/tuple/set/dict in its function or at module level (a fixed table). */
function boundToLiteral(id: PyNode): boolean {
  const scopes = [enclosingFunction(id)?.childForFieldName('body'), id.tree.rootNode].filter((s): s is PyNode => !!s);
  for (const scope of scopes) {
    const stmts = scope.type === 'module' ? scope.namedChildren.filter((c): c is PyNode => c !== null).map((c) => c.namedChild(0) ?? c) : descendantsInScope(scope, new Set(['assignment']));
    for (const a of stmts) {
      if (a.type !== 'assignment' || a.childForFieldName('left')?.text !== id.text) continue;
      const right = a.childForFieldName('right');
      if (right && ['list', 'tuple', 'set', 'dictionary'].includes(right.type)) return true;
    }
  }
  return false;
}

/** The loop body waits for room before spawning more (`await sem.acquire()`, `if len(tasks) >= n: await asyncio.wait(...)`). */
function loopLimits(body: PyNode): boolean {
  for (const n of descendantsInScope(body, new Set(['call', 'with_statement', 'comparison_operator']))) {
    if (n.type === 'call' && (calleeLastName(n) === 'acquire' || calleeLastName(n) === 'wait')) return true;
    if (n.type === 'with_statement' && LIMITER.test(n.text.split('\n')[0] ?? '')) return true;
    if (n.type === 'comparison_operator' && /\blen\(/.test(n.text)) return true;
  }
  return false;
}

/** The coroutine passed in takes a limiter, is named as limited, or is a local function that enters one. */
function isGuarded(file: PyFile, coro: PyNode, at: PyNode): boolean {
  const c = unparen(coro);
  if (c.type !== 'call') return false;
  const callee = calleeOf(c);
  if (!callee) return false;
  if (LIMITER.test(calleeLastName(c))) return true;
  // A generic combinator (`async def run_all(func, items)`): the callable is the caller's, and so is the bound.
  if (callee.type === 'identifier' && isParameterOf(at, callee.text)) return true;
  if (positionalArgs(c).some((a) => LIMITER.test(a.text)) || [...c.descendantsOfType('keyword_argument')].some((k) => LIMITER.test(k?.text ?? ''))) return true;
  const def = findDefinition(file, calleeLastName(c), at);
  if (!def) return false;
  const body = def.childForFieldName('body');
  if (!body) return false;
  return descendantsInScope(body, new Set(['with_statement', 'call'])).some((n) =>
    n.type === 'with_statement' ? LIMITER.test(n.text.split('\n')[0] ?? '') : calleeLastName(n) === 'acquire' || (LIMITER.test(calleeLastName(n)) && !/^(gather|wait)$/.test(calleeLastName(n))),
  );
}

function isParameterOf(at: PyNode, name: string): boolean {
  const fn = enclosingFunction(at);
  return (fn?.childForFieldName('parameters')?.namedChildren ?? []).some((p) => (p?.type === 'identifier' ? p.text : p?.namedChild(0)?.text) === name);
}

/** A function named `name` defined in the file, preferring one nested in the same function as `at`. */
function findDefinition(file: PyFile, name: string, at: PyNode): PyNode | undefined {
  if (!name) return undefined;
  const defs = file.functions().filter((d) => d.childForFieldName('name')?.text === name);
  const scope = enclosingFunction(at);
  return defs.find((d) => scope && d.startIndex > scope.startIndex && d.endIndex < scope.endIndex) ?? defs[0];
}

/** `gather(*[f(x) for x in items])`, `gather(*coros)` with `coros` built per item, `gather(*map(f, items))`. */
function fanOutOverData(file: PyFile, inner: PyNode, call: PyNode): boolean {
  if (COMPREHENSIONS.has(inner.type)) {
    const clause = inner.namedChildren.find((c) => c?.type === 'for_in_clause');
    const it = clause?.childForFieldName('right');
    const body = inner.childForFieldName('body');
    if (!it || isBoundedIterable(it)) return false;
    if (body && isSpawnOfGuarded(file, body, call)) return false;
    // `[conn.shutdown() for conn in self._connections]`, `[ws.handler_task for ws in ...]`: objects already live and
    // concurrent (connections, holders, tasks), each driven once; the fan-out adds no load that data decides.
    const left = clause?.childForFieldName('left');
    const root = body ? actingRoot(body) : undefined;
    if (left && root !== undefined && targetNames(left).includes(root)) return false;
    return true;
  }
  if (inner.type === 'call' && calleeLastName(inner) === 'map') {
    const [fn, it] = positionalArgs(inner);
    if (!fn || !it || isBoundedIterable(it)) return false;
    return !LIMITER.test(fn.text) && !guardedByName(file, fn.text, call);
  }
  if (inner.type !== 'identifier') return false;
  const scope = enclosingFunction(call)?.childForFieldName('body');
  if (!scope) return false;
  // Follow the name to how it was built in this function.
  for (const n of descendantsInScope(scope, new Set(['assignment', 'call']))) {
    if (n.startIndex > call.startIndex) break;
    if (n.type === 'assignment' && n.childForFieldName('left')?.text === inner.text) {
      const right = n.childForFieldName('right');
      if (right && (COMPREHENSIONS.has(right.type) || (right.type === 'call' && calleeLastName(right) === 'map'))) return fanOutOverData(file, right, call);
    }
    if (n.type === 'call' && /^(append|add)$/.test(calleeLastName(n)) && calleeOf(n)?.childForFieldName('object')?.text === inner.text) {
      const loop = spawningLoop(n);
      if (!loop || loop.type !== 'for_statement') continue;
      const it = loop.childForFieldName('right');
      if (!it || isBoundedIterable(it)) return false;
      const body = loop.childForFieldName('body');
      if (body && loopLimits(body)) return false;
      const item = positionalArgs(n)[0];
      if (!item) return false;
      // Tasks created in the loop are reported at create_task; report here only for plain coroutines.
      const itemCall = unparen(item);
      if (itemCall.type === 'call' && (calleeLastName(itemCall) === 'create_task' || calleeLastName(itemCall) === 'ensure_future')) return false;
      if (itemCall.type === 'identifier') return false;
      return !isGuarded(file, item, call);
    }
  }
  return false;
}

function isSpawnOfGuarded(file: PyFile, body: PyNode, at: PyNode): boolean {
  const b = unparen(body);
  if (b.type === 'call' && (calleeLastName(b) === 'create_task' || calleeLastName(b) === 'ensure_future')) {
    const inner = positionalArgs(b)[0];
    return inner ? isGuarded(file, inner, at) : false;
  }
  return isGuarded(file, b, at);
}

function guardedByName(file: PyFile, name: string, at: PyNode): boolean {
  const def = findDefinition(file, name.split('.').pop() ?? name, at);
  const body = def?.childForFieldName('body');
  return !!body && descendantsInScope(body, new Set(['with_statement'])).some((w) => LIMITER.test(w.text.split('\n')[0] ?? ''));
}
