import type { CsRule } from '../rule.js';
import type { CsFile } from '../symbols.js';
import {
  argumentsOf, calleeName, descendantsInScope, descendantsOfTypes, enclosingFunction, enclosingLoop, functionBody, receiverOf,
  unparen, type CsNode,
} from '../syntax.js';

/** Throttles people put inside the per-item work: a semaphore slot, a rate limiter lease, a Polly bulkhead. */
const THROTTLE = /\b(WaitAsync|AcquireAsync|LockAsync|EnterAsync|ExecuteAsync)\s*\(/;

/** A collection whose size is fixed by the code: a literal, `Take(n)`, a chunk, a `Range` of workers. */
function bounded(file: CsFile, coll: CsNode, at: CsNode): boolean {
  const e = unparen(coll);
  if (/^(array_creation_expression|implicit_array_creation_expression|collection_expression)$/.test(e.type)) return true;
  if (e.type === 'invocation_expression') {
    const name = calleeName(e);
    if (/^(Take|Chunk|Range|Repeat)$/.test(name)) return true;
    if (/^(ToList|ToArray|AsEnumerable|Where|OrderBy|OrderByDescending|Distinct)$/.test(name)) {
      const inner = receiverOf(e);
      return inner ? bounded(file, inner, at) : false;
    }
  }
  if (/(batch|chunk|page|workers?|shards?|partitions?)$/i.test(e.text)) return true;
  if (e.type === 'identifier') {
    // A local initialised with a literal collection or a bounded query.
    const v = file.lookup(e.text, at);
    if (v?.init && v.init.type !== 'identifier') return bounded(file, v.init, at);
    // `foreach (var chunk in items.Chunk(50)) await Task.WhenAll(chunk.Select(...))`: the loop variable of a chunked loop.
    if (v?.decl.parent?.type === 'foreach_statement') {
      const src = v.decl.parent.childForFieldName('right');
      if (src && unparen(src).type === 'invocation_expression' && /^(Chunk|Batch)$/.test(calleeName(unparen(src)))) return true;
    }
  }
  return false;
}

/** The per-item work throttles itself: its lambda (or a method of this file it calls) waits on a semaphore first. */
function throttled(file: CsFile, work: CsNode): boolean {
  if (THROTTLE.test(work.text)) return true;
  // A method group (`ids.Select(FetchAsync)`): look in that method of this file.
  if (work.type === 'identifier' || work.type === 'member_access_expression') {
    const name = work.type === 'identifier' ? work.text : work.childForFieldName('name')?.text;
    const owner = file.enclosingType(work);
    for (const d of owner && name ? file.fileMembers(owner, name) : []) {
      const body = functionBody(d.node);
      if (body && THROTTLE.test(body.text)) return true;
    }
  }
  for (const call of descendantsOfTypes(work, ['invocation_expression'])) {
    for (const d of file.callInfo(call).decls ?? []) {
      const body = functionBody(d.node);
      if (body && THROTTLE.test(body.text)) return true;
    }
  }
  return false;
}

/** Where the tasks awaited together come from: `xs.Select(x => F(x))`, or a list filled by `tasks.Add(F(x))` in a loop. */
function sourceOf(file: CsFile, arg: CsNode, at: CsNode): { items: CsNode; work: CsNode } | undefined {
  let e = unparen(arg);
  while (e.type === 'invocation_expression' && /^(ToList|ToArray|AsEnumerable)$/.test(calleeName(e))) e = unparen(receiverOf(e) ?? e);
  if (e.type === 'invocation_expression' && calleeName(e) === 'Select') {
    const items = receiverOf(e);
    const work = argumentsOf(e)[0]?.value;
    return items && work ? { items, work } : undefined;
  }
  if (e.type !== 'identifier') return undefined;
  const v = file.lookup(e.text, at);
  if (v?.init) {
    const init = unparen(v.init);
    if (init.type === 'invocation_expression' && init.startIndex !== arg.startIndex) return sourceOf(file, init, at);
  }
  // `tasks.Add(Work(x))` inside a foreach over the items.
  const fn = enclosingFunction(at);
  const body = fn ? functionBody(fn) : undefined;
  if (!body) return undefined;
  for (const call of descendantsInScope(body, new Set(['invocation_expression']))) {
    if (call.startIndex > at.startIndex) break;
    if (calleeName(call) !== 'Add' || receiverOf(call)?.text !== e.text) continue;
    const loop = enclosingLoop(call);
    const work = argumentsOf(call)[0]?.value;
    if (!loop || !work) continue;
    if (loop.type === 'foreach_statement') {
      const items = loop.childForFieldName('right');
      if (items) return { items, work: loop.childForFieldName('body') ?? work };
    } else if (loop.type === 'for_statement' && /\.(Count|Length)\b/.test(loop.childForFieldName('condition')?.text ?? '')) {
      const items = loop.childForFieldName('condition');
      if (items) return { items: items.namedChildren.at(-1) ?? items, work: loop.childForFieldName('body') ?? work };
    }
  }
  return undefined;
}

export const unboundedConcurrency: CsRule = {
  meta: {
    id: 'unbounded-concurrency',
    description: 'Task.WhenAll over one task per item of a collection of unknown size, with nothing limiting how many run at once.',
    severity: 'warning',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      invocation_expression(call) {
        const name = calleeName(call);
        if (name !== 'WhenAll' && name !== 'WaitAll') return;
        const args = argumentsOf(call);
        if (args.length !== 1) return; // Task.WhenAll(a, b, c): as many as written
        const src = sourceOf(file, args[0]!.value, call);
        if (!src || bounded(file, src.items, call) || throttled(file, src.work)) return;
        ctx.report({
          node: call,
          confidence: 'medium',
          message: `\`Task.${name}\` starts one task per item of \`${unparen(src.items).text.split('\n')[0]?.slice(0, 50)}\` at once, with no limit: a large collection opens that many connections or requests together and can exhaust sockets, the pool or the remote service. Bound it: \`Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8 }, ...)\` or a \`SemaphoreSlim\` taken inside each task.`,
        });
      },
    };
  },
};
