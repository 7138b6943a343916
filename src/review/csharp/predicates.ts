/** Questions several C# rules ask: is this a token, is a token passed, does this run concurrently, is it locked. */
import { csCatalog } from './catalog.js';
import type { CsFile } from './symbols.js';
import {
  argumentsOf, calleeName, contains, descendantsInScope, enclosingFunction, functionBody, parametersOf, receiverOf,
  simpleName, unparen, type CsNode,
} from './syntax.js';
import type { CsType } from './types.js';

export function isTokenType(t: CsType | undefined): boolean {
  return t?.name === 'CancellationToken' && !t.array;
}

/** Names people give a token when its type is not written (an implicit lambda parameter). */
const TOKEN_NAME = /^(ct|token|cancellationToken|cancellation|cancelToken|stoppingToken|ctk|cancel)$/;

/** A CancellationToken parameter received by an enclosing function (the nearest first), or undefined. */
export function receivedToken(file: CsFile, at: CsNode): string | undefined {
  for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
    for (const p of parametersOf(fn)) {
      if (p.type === 'parameter') {
        const name = p.childForFieldName('name')?.text;
        const type = p.childForFieldName('type');
        if (name && type && /^CancellationToken\??$/.test(type.text.replace(/^System\.Threading\./, ''))) return name;
        if (name && !type && TOKEN_NAME.test(name)) return name;
      } else if (TOKEN_NAME.test(p.text)) return p.text;
    }
    const typed = lambdaTokenParameter(file, fn);
    if (typed) return typed;
    // A `static` lambda cannot capture: the tokens around it are out of its reach.
    if (fn.children.some((c) => c?.type === 'modifier' && c.text === 'static')) return undefined;
  }
  return undefined;
}

/**
 * An implicitly typed lambda parameter that the delegate it converts to types as a CancellationToken:
 * `Parallel.ForEachAsync(items, async (item, tok) => ...)` takes `Func<TSource, CancellationToken, ValueTask>`.
 */
function lambdaTokenParameter(file: CsFile, fn: CsNode): string | undefined {
  if (fn.type !== 'lambda_expression' || fn.parent?.type !== 'argument') return undefined;
  const call = fn.parent.parent?.parent;
  if (call?.type !== 'invocation_expression') return undefined;
  const index = argumentsOf(call).findIndex((a) => a.node.startIndex === fn.parent?.startIndex);
  const names = parametersOf(fn).map((p) => (p.type === 'parameter' ? p.childForFieldName('name')?.text : p.text));
  for (const s of file.signaturesOf(call)) {
    const d = s.params[index]?.type;
    if (!d || !/^Func$|^Action$/.test(d.name)) continue;
    const i = d.args.findIndex((a) => a.name === 'CancellationToken');
    if (i >= 0 && i < names.length && names[i]) return names[i];
  }
  return undefined;
}

/** The argument is a token: typed CancellationToken, `x.Token`, `CancellationToken.None`, `default`, a token name. */
export function isTokenArgument(file: CsFile, arg: CsNode): boolean {
  const e = unparen(arg);
  if (isTokenType(file.typeOf(e)?.type)) return true;
  if (e.type === 'member_access_expression' && /^(Token|RequestAborted|ApplicationStopping|ApplicationStopped)$/.test(simpleName(e))) return true;
  if (e.type === 'member_access_expression' && simpleName(e) === 'None' && /CancellationToken$/.test(e.childForFieldName('expression')?.text ?? '')) return true;
  if (e.type === 'identifier' && (TOKEN_NAME.test(e.text) || /(Token|token|Ct)$/.test(e.text))) return true;
  if (e.type === 'default_expression' && /CancellationToken/.test(e.text)) return true;
  return false;
}

/** The call passes some CancellationToken (positionally or as `cancellationToken:`), or `default` where one goes. */
export function passesToken(file: CsFile, call: CsNode): boolean {
  return argumentsOf(call).some((a) => isTokenArgument(file, a.value) || /cancellation|token/i.test(a.name ?? ''));
}

/** The call passes an explicit "no cancellation": `CancellationToken.None` or `default`. */
export function passesNoToken(call: CsNode): boolean {
  return argumentsOf(call).some((a) => /^(CancellationToken\.None|default(\(CancellationToken\))?)$/.test(a.value.text.replace(/^System\.Threading\./, '')));
}

/** Methods whose lambda argument runs on other threads at the same time as other calls of it. */
const CONCURRENT_RUNNERS = /^(Run|StartNew|ForEach|For|ForEachAsync|ForAsync|Invoke|QueueUserWorkItem|UnsafeQueueUserWorkItem)$/;

/**
 * The function (a lambda) runs concurrently with copies of itself or with its caller: it is the body of
 * `Task.Run`, `Parallel.For/ForEach(Async)`, `Parallel.Invoke`, `ThreadPool.QueueUserWorkItem`, or the selector of a
 * `Select` whose result `Task.WhenAll` awaits (directly or through a variable).
 */
export function runsConcurrently(file: CsFile, fn: CsNode): boolean {
  if (fn.type !== 'lambda_expression' && fn.type !== 'anonymous_method_expression') return false;
  const arg = fn.parent?.type === 'argument' ? fn.parent : undefined;
  const call = arg?.parent?.parent;
  if (call?.type !== 'invocation_expression') return false;
  const name = calleeName(call);
  const recv = receiverOf(call);
  if (CONCURRENT_RUNNERS.test(name) && recv && /^(Task|Parallel|ThreadPool|Task\.Factory|Factory)$/.test(recv.text.replace(/^System\.Threading(\.Tasks)?\./, ''))) return true;
  if (name === 'Select' && calleeArgumentLambdaIsAsync(fn)) return selectIsAwaitedTogether(file, call);
  return false;
}

function calleeArgumentLambdaIsAsync(fn: CsNode): boolean {
  return fn.children.some((c) => c?.type === 'modifier' && c.text === 'async');
}

/** `xs.Select(async x => ...)` whose tasks end up in `Task.WhenAll` / `WhenAny` (possibly via `.ToList()` and a local). */
function selectIsAwaitedTogether(file: CsFile, select: CsNode): boolean {
  let n: CsNode = select;
  for (let p = n.parent; p; p = n.parent) {
    if (p.type === 'member_access_expression' && /^(ToList|ToArray|AsEnumerable)$/.test(simpleName(p)) && p.parent?.type === 'invocation_expression') {
      n = p.parent;
      continue;
    }
    if (p.type === 'argument') return /^(WhenAll|WhenAny|WaitAll)$/.test(calleeName(p.parent?.parent ?? p));
    if (p.type === 'variable_declarator') {
      const name = p.childForFieldName('name')?.text;
      const fn = enclosingFunction(p);
      const body = fn ? functionBody(fn) : undefined;
      if (!name || !body) return false;
      return descendantsInScope(body, new Set(['invocation_expression'])).some((c) => /^(WhenAll|WhenAny|WaitAll)$/.test(calleeName(c)) && argumentsOf(c).some((a) => a.value.text === name));
    }
    return false;
  }
  void file;
  return false;
}

/** The node sits inside a `lock (...) { }` statement (within its function). */
export function insideLock(node: CsNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'lock_statement') return true;
    if (p.type === 'lambda_expression' || p.type === 'method_declaration' || p.type === 'local_function_statement') return false;
  }
  return false;
}

/**
 * An async lock held where `node` runs: an `await x.WaitAsync()` (a SemaphoreSlim) earlier in the same function
 * whose `Release()` is in a `finally` or later, or `using (await x.LockAsync())` / `await using` lock helpers.
 */
export function underAsyncLock(node: CsNode): boolean {
  const fn = enclosingFunction(node);
  const body = fn ? functionBody(fn) : undefined;
  if (!body) return false;
  for (const call of descendantsInScope(body, new Set(['invocation_expression']))) {
    if (call.startIndex > node.startIndex) break;
    const name = calleeName(call);
    if (name === 'WaitAsync' || name === 'LockAsync' || name === 'AcquireAsync' || name === 'EnterAsync' || name === 'Wait') {
      // Only a semaphore of one slot is a lock; a throttle of N still lets N callers race.
      const recv = receiverOf(call)?.text ?? '';
      if (/(lock|mutex|gate|sync|guard)/i.test(recv) || semaphoreOfOne(body.tree.rootNode, recv)) return true;
    }
  }
  for (let p = node.parent; p && p !== body; p = p.parent) {
    if ((p.type === 'using_statement' || p.type === 'local_declaration_statement') && /\b(Lock|Acquire|Enter)\w*Async\b/.test(p.text) && contains(p, node)) return true;
  }
  return false;
}

/** `new SemaphoreSlim(1)` / `(1, 1)` assigned to this name somewhere in the file. */
function semaphoreOfOne(root: CsNode, receiver: string): boolean {
  const name = receiver.replace(/^this\./, '');
  if (!name) return false;
  const re = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*new\\s*(SemaphoreSlim)?\\s*\\(\\s*1\\s*(,\\s*1\\s*)?\\)`);
  return re.test(root.text);
}

/** Collection types that are unsafe to change from two threads at once. */
export const UNSAFE_COLLECTIONS = /^(List|Dictionary|HashSet|Queue|Stack|SortedDictionary|SortedList|SortedSet|LinkedList|Collection|ObservableCollection)$/;

/** True when the catalog is available (rules that need it stay silent otherwise). */
export function haveCatalog(): boolean {
  return csCatalog() !== undefined;
}
