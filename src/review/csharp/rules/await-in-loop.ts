import type { CsRule } from '../rule.js';
import type { CsFile } from '../symbols.js';
import {
  calleeName, descendantsInScope, enclosingFunction, enclosingLoop, functionBody, inAsyncCode, isAwaitForeach,
  receiverOf, unparen, type CsNode,
} from '../syntax.js';

/** Pacing and hand-offs: one at a time is the point (delays, locks, queues, streams, protocol steps). */
const ORDERED_CALL = /^(DisposeAsync|CloseAsync|StopAsync|StopTrackingAsync|ShutdownAsync|CompleteAsync|Delay|Yield|WaitAsync|WaitToReadAsync|WaitToWriteAsync|ReadAsync|ReadLineAsync|ReadExactlyAsync|ReadAtLeastAsync|ReadToEndAsync|WriteAsync|WriteLineAsync|FlushAsync|SendAsync|ReceiveAsync|MoveNextAsync|WhenAny|CommitAsync|RollbackAsync|SaveChangesAsync|ExecuteNonQueryAsync|ExecuteScalarAsync|ExecuteReaderAsync|NextResultAsync|LockAsync|AcquireAsync|EnterAsync|CopyToAsync|AcceptAsync|AcceptTcpClientAsync|ConnectAsync|WaitForExitAsync|ProcessAsync|HandleAsync|NextAsync|DelayAsync|WaitForAsync|SleepAsync|PublishAsync|AckAsync|StepAsync|ApplyAsync|MigrateAsync|RunMigrationAsync|ClickAsync|GotoAsync|FillAsync|TypeAsync|PressAsync)$/;
/** Receivers whose operations must not overlap: one connection, one context, one stream, one channel. */
const ORDERED_RECEIVER = /(^|\.|_)(db|context|dbContext|ctx|conn|connection|cmd|command|tx|transaction|writer|reader|stream|socket|ws|webSocket|pipe|channel|lock|sem|semaphore|gate|mutex|process|proc|page|browser|session|response|request|console|output|file|sink|producer|consumer|queue)$/i;
/** Collections walked in order on purpose: steps, migrations, pages, batches, retries, stages. */
const ORDERED_COLLECTION = /(migration|step|stage|phase|middleware|hook|plugin|batch|chunk|page|sequence|pipeline|layer|retr|attempt|delay|backoff|fixture|seed|handler|callback|listener|command|instruction|operation|statement|script|line|frame|message|event|op|update|patch|change)s?\b/i;

function isOrderedAwait(file: CsFile, awaitNode: CsNode): boolean {
  let inner = awaitNode.namedChild(0);
  if (!inner) return true;
  inner = unparen(inner);
  if (inner.type === 'invocation_expression' && calleeName(inner) === 'ConfigureAwait') inner = unparen(receiverOf(inner) ?? inner);
  if (inner.type !== 'invocation_expression') return true; // awaiting a task made earlier: a join, not work started here
  const name = calleeName(inner);
  if (ORDERED_CALL.test(name)) return true;
  const recv = receiverOf(inner);
  if (recv && ORDERED_RECEIVER.test(recv.text.replace(/^this\./, ''))) return true;
  const t = recv ? file.typeOf(recv)?.type.name : undefined;
  return !!t && /(Context|Connection|Command|Transaction|Stream|Writer|Reader|Socket|Channel|Semaphore)/.test(t);
}

/** Names declared before the loop that its body assigns and an await (or a read before the write) uses: each turn feeds the next. */
function loopCarried(loop: CsNode, body: CsNode): boolean {
  const written = new Map<string, CsNode>();
  for (const n of descendantsInScope(body, new Set(['assignment_expression', 'postfix_unary_expression', 'prefix_unary_expression']))) {
    const target = n.type === 'assignment_expression' ? n.childForFieldName('left') : n.namedChild(0);
    if (!target || target.type !== 'identifier') continue;
    if (!written.has(target.text)) written.set(target.text, n);
  }
  if (written.size === 0) return false;
  const fn = enclosingFunction(loop);
  const fnBody = fn ? functionBody(fn) : undefined;
  if (!fnBody) return false;
  for (const [name, write] of written) {
    // Declared inside the loop: a fresh variable per turn.
    if (descendantsInScope(body, new Set(['variable_declarator'])).some((d) => d.childForFieldName('name')?.text === name)) continue;
    for (const a of descendantsInScope(body, new Set(['await_expression']))) {
      if (new RegExp(`\\b${name}\\b`).test(a.text)) return true;
    }
    const op = write.type === 'assignment_expression' ? write.children.find((c) => c && !c.isNamed)?.text : '++';
    if (op === '=' && descendantsInScope(body, new Set(['identifier'])).some((r) => r.text === name && r.startIndex < write.startIndex)) return true;
    // A condition of the loop itself reads it (`while (page != null)`, `for (...; cursor != null; ...)`).
    const cond = loop.childForFieldName('condition');
    if (cond && new RegExp(`\\b${name}\\b`).test(cond.text)) return true;
  }
  return false;
}

/** A `for` loop that walks a collection by index (`i < items.Count`), as opposed to a counted retry or step loop. */
function forWalksCollection(loop: CsNode): boolean {
  const cond = loop.childForFieldName('condition')?.text ?? '';
  return /\.(Count|Length)\b|\.Count\(\)/.test(cond);
}

function smallOrOrderedCollection(coll: CsNode): boolean {
  const e = unparen(coll);
  if (/^(array_creation_expression|implicit_array_creation_expression|collection_expression|initializer_expression)$/.test(e.type)) return true;
  if (e.type === 'invocation_expression' && /^(Chunk|Batch|Range|Repeat)$/.test(calleeName(e))) return true;
  return ORDERED_COLLECTION.test(e.text);
}

export const awaitInLoop: CsRule = {
  meta: {
    id: 'await-in-loop',
    description: 'Independent awaits run one per iteration where they could run together.',
    severity: 'warning',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    const check = (loop: CsNode): void => {
      if (!inAsyncCode(loop, file.topLevelAwaits) || isAwaitForeach(loop)) return;
      const body = loop.childForFieldName('body');
      if (!body) return;
      if (loop.type === 'foreach_statement') {
        const coll = loop.childForFieldName('right');
        if (!coll || smallOrOrderedCollection(coll)) return;
      } else if (loop.type === 'for_statement') {
        if (!forWalksCollection(loop)) return;
      } else return; // while/do: paging, polling and retry loops, where each turn depends on the last
      const own = descendantsInScope(body, new Set(['await_expression']))
        .filter((n) => n.type === 'await_expression' && enclosingLoop(n)?.startIndex === loop.startIndex);
      const first = own[0];
      if (!first) return;
      const exits = descendantsInScope(body, new Set(['break_statement', 'return_statement', 'yield_statement', 'throw_statement', 'goto_statement']));
      if (exits.some((x) => x.type !== 'throw_statement')) return; // first success, search, or an iterator yielding per item
      if (own.some((a) => isOrderedAwait(file, a))) return;
      if (/\b(lock|Lock|WaitAsync)\b/.test(body.text) || /\bawait\s+using\b/.test(body.text) && /Transaction/.test(body.text)) return;
      if (loopCarried(loop, body)) return;
      ctx.report({
        node: first,
        confidence: 'medium',
        message: `Each iteration waits for \`${first.text.split('\n')[0]?.slice(0, 60)}\` before the next starts, though the iterations do not depend on each other. Start them together and await them at once: \`await Task.WhenAll(items.Select(x => DoAsync(x)))\`, bounded with a \`SemaphoreSlim\` or \`Parallel.ForEachAsync\` when the collection can be large.`,
      });
    };
    return { foreach_statement: check, for_statement: check };
  },
};
