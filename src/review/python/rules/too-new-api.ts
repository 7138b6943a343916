import type { PyNode } from '../analysis.js';
import { guardState } from '../guards.js';
import type { PyRule, PyRuleContext } from '../rule.js';
import { judgeSymbol } from './hallucinated-api.js';

function check(ctx: PyRuleContext, node: PyNode, symbol: string): void {
  const v = judgeSymbol(symbol, ctx.target);
  if (v?.status !== 'too_new') return;
  // `if sys.version_info >= (3, 11):`, `hasattr(asyncio, "timeout")`, `try: from asyncio import timeout`: handled.
  if (guardState(ctx.file, node, ctx.target, symbol.split('.').pop())) return;
  const since = v.since?.python;
  const needs = Array.isArray(since) ? since.join(' / ') : since ?? 'a newer Python';
  const fallback = FALLBACKS[symbol];
  ctx.report({
    node,
    basis: { kind: 'catalog', detail: `\`${symbol}\`: Python ${needs} (typeshed), target ${ctx.target}` },
    message: `\`${symbol}\` needs Python ${needs}, but the target is ${ctx.target}.${fallback ? ` On ${ctx.target} use ${fallback}.` : ' Raise the target or use an older equivalent.'}`,
  });
}

/** Older equivalents for the asyncio APIs assistants reach for most often. */
const FALLBACKS: Record<string, string> = {
  'asyncio.timeout': '`await asyncio.wait_for(coro, seconds)` (or the `async_timeout` package)',
  'asyncio.timeout_at': '`await asyncio.wait_for(coro, when - loop.time())`',
  'asyncio.TaskGroup': '`asyncio.gather()` with explicit cancellation of the other tasks on failure',
  'asyncio.to_thread': '`await loop.run_in_executor(None, functools.partial(fn, *args))`',
  'asyncio.Runner': '`asyncio.run(main())`',
  'asyncio.Barrier': 'an `asyncio.Event` plus a counter',
  'asyncio.Queue.shutdown': 'a sentinel item per consumer',
  'asyncio.QueueShutDown': 'a sentinel item per consumer',
  'asyncio.eager_task_factory': 'plain `asyncio.create_task`',
};

export const tooNewApi: PyRule = {
  meta: {
    id: 'too-new-api',
    description: 'An asyncio API newer than the target Python version.',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      attribute(node) {
        if (!file.mentionsAsyncio(node)) return;
        const obj = node.childForFieldName('object');
        if (!obj || file.qualify(obj) !== 'asyncio') return;
        const sym = file.qualify(node);
        if (sym) check(ctx, node.childForFieldName('attribute') ?? node, sym);
      },
      import_from_statement(stmt) {
        if (stmt.childForFieldName('module_name')?.text !== 'asyncio') return;
        for (const n of stmt.childrenForFieldName('name')) {
          const nameNode = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
          if (nameNode) check(ctx, nameNode, `asyncio.${nameNode.text}`);
        }
      },
      call(call) {
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'attribute') return;
        const cls = file.receiverClass(call);
        if (!cls?.startsWith('asyncio.')) return;
        if (judgeSymbol(cls, ctx.target)?.status === 'too_new') return; // the class itself is reported where it is named
        check(ctx, fn.childForFieldName('attribute') ?? fn, `${cls}.${fn.childForFieldName('attribute')?.text ?? ''}`);
      },
    };
  },
};
