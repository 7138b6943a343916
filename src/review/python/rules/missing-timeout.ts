import { calleeLastName, calleeOf, enclosingFunction, enclosingStatement, isAwaited, keywordArgs, hasKwargsSplat, parentOf, positionalArgs, unparen, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

const REQUESTS_CALL = /^requests\.(get|post|put|patch|delete|head|options|request)$/;
const AIOHTTP_METHODS = /^(get|post|put|patch|delete|head|options|request|ws_connect)$/;
const READS = /^(read|readline|readexactly|readuntil)$/;

export const missingTimeout: PyRule = {
  meta: {
    id: 'missing-timeout',
    description: 'Network or process I/O with no deadline: one stuck peer hangs the task for ever.',
    severity: 'warning',
    basis: 'syntax',
    patternId: 'timeout',
  },
  create(ctx) {
    const { file } = ctx;
    const report = (node: PyNode, what: string, fix: string, confidence: 'high' | 'medium' = 'high'): void => {
      ctx.report({ node, confidence, message: `${what} has no deadline: a peer that stops answering hangs this task for ever. ${fix}` });
    };
    return {
      call(call) {
        const name = file.calleeName(call) ?? '';
        const kw = keywordArgs(call);
        if (hasKwargsSplat(call)) return;
        if (name === 'aiohttp.ClientSession') {
          if (kw.has('timeout') || everyRequestHasTimeout(call)) return;
          report(call, '`aiohttp.ClientSession()` without `timeout=`', 'Pass `timeout=aiohttp.ClientTimeout(total=10)` (aiohttp\'s default allows 5 minutes per request), or a `timeout=` on each request.', 'medium');
          return;
        }
        if (name === 'aiohttp.request' && !kw.has('timeout')) {
          report(call, '`aiohttp.request(...)` without `timeout=`', 'Pass `timeout=aiohttp.ClientTimeout(total=10)`.', 'medium');
          return;
        }
        if ((name === 'httpx.AsyncClient' || name === 'httpx.Client' || /^httpx\.(get|post|put|patch|delete|request|stream)$/.test(name)) && kw.get('timeout')?.text === 'None') {
          report(call, `\`${name}(timeout=None)\``, 'httpx applies 5 s by default; `timeout=None` removes it. Pass `timeout=httpx.Timeout(10.0)`.');
          return;
        }
        const cls = file.receiverClass(call);
        const method = calleeLastName(call);
        if (cls === 'httpx.AsyncClient' && kw.get('timeout')?.text === 'None') {
          report(call, `\`${method}(..., timeout=None)\``, 'Keep a finite `timeout=` (httpx applies 5 s by default).');
          return;
        }
        if (name === 'asyncio.open_connection' || name === 'asyncio.open_unix_connection') {
          if (!file.underDeadline(call)) report(call, `\`${name}(...)\``, 'Wrap it: `async with asyncio.timeout(10):` (3.11+) or `await asyncio.wait_for(asyncio.open_connection(...), 10)`.');
          return;
        }
        if (cls === 'asyncio.StreamReader' && READS.test(method) && isAwaited(call)) {
          if (!file.underDeadline(call)) report(call, `\`${calleeOf(call)?.text ?? method}()\` on a network stream`, 'Wrap the read: `async with asyncio.timeout(30):` or `await asyncio.wait_for(reader.readline(), 30)`.', 'medium');
          return;
        }
        if (cls === 'asyncio.subprocess.Process' && (method === 'communicate' || method === 'wait') && isAwaited(call)) {
          if (!file.underDeadline(call) && !(method === 'wait' && afterKill(call))) report(call, `\`${calleeOf(call)?.text ?? method}()\` on a child process`, 'Wrap it: `await asyncio.wait_for(proc.communicate(), 60)` and kill the process on timeout.');
          return;
        }
        if (name === 'asyncio.to_thread') {
          const [fn] = positionalArgs(call);
          const fq = fn ? file.qualify(fn) : undefined;
          if (fq && REQUESTS_CALL.test(fq) && !kw.has('timeout')) {
            report(call, `\`asyncio.to_thread(${fn?.text}, ...)\` without \`timeout=\``, '`requests` never times out by default: pass `timeout=10` through `to_thread`.', 'high');
          }
          return;
        }
        if (method === 'run_in_executor') {
          const fn = positionalArgs(call)[1];
          const fq = fn ? file.qualify(fn) : undefined;
          if (fq && REQUESTS_CALL.test(fq)) {
            report(call, `\`run_in_executor(..., ${fn?.text}, ...)\``, '`requests` never times out by default and `run_in_executor` cannot pass keywords: use `functools.partial(requests.get, url, timeout=10)` or `asyncio.to_thread(requests.get, url, timeout=10)`.');
          }
        }
      },
    };
  },
};

/** `proc.kill()` / `terminate()` earlier in the same block: reaping a killed process returns at once. */
function afterKill(call: PyNode): boolean {
  const recv = calleeOf(call)?.childForFieldName('object')?.text;
  if (!recv) return false;
  const stmt = enclosingStatement(call);
  for (let s = stmt.previousNamedSibling; s; s = s.previousNamedSibling) {
    if (['kill', 'terminate', 'send_signal'].some((m) => s.text.startsWith(`${recv}.${m}(`))) return true;
  }
  return false;
}

/** `async with aiohttp.ClientSession() as s:` where every `s.get(...)` in the block passes `timeout=`. */
function everyRequestHasTimeout(ctor: PyNode): boolean {
  const holder = parentOf(ctor);
  let alias: string | undefined;
  let body: PyNode | null | undefined;
  if (holder?.type === 'as_pattern') {
    alias = holder.childForFieldName('alias')?.text;
    let w: PyNode | null = holder;
    while (w && w.type !== 'with_statement') w = w.parent;
    body = w?.childForFieldName('body');
  } else if (holder?.type === 'assignment') {
    // `self.session = aiohttp.ClientSession()` in __init__: its requests are anywhere in the class (file).
    alias = holder.childForFieldName('left')?.text;
    body = alias?.startsWith('self.') ? ctor.tree.rootNode : enclosingFunction(ctor)?.childForFieldName('body') ?? ctor.tree.rootNode;
  }
  if (!alias || !body) return false;
  const requests = body.descendantsOfType('call').filter((c): c is PyNode => {
    const fn = c ? calleeOf(c) : null;
    return fn?.type === 'attribute' && unparen(fn.childForFieldName('object') ?? fn).text === alias && AIOHTTP_METHODS.test(fn.childForFieldName('attribute')?.text ?? '');
  });
  return requests.length > 0 && requests.every((c) => keywordArgs(c).has('timeout'));
}
