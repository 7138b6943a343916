/** Predicates on `except` clauses, shared by swallowed-cancellation and swallowed-error. */
import { descendantsInScope, unparen, type PyFile, type PyNode } from './analysis.js';


/** The exception types an except clause names (empty for a bare `except:`), qualified through imports. */
export function caughtTypes(file: PyFile, clause: PyNode): string[] | undefined {
  const first = clause.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
  if (!first) return [];
  let value = first;
  if (value.type === 'as_pattern') value = value.namedChild(0) ?? value;
  value = unparen(value);
  const items = value.type === 'tuple' ? value.namedChildren : [value];
  return items.map((i) => (i ? file.qualify(i) ?? i.text : ''));
}

/** The name an except clause binds (`e` in `except Exception as e`). */
export function boundName(clause: PyNode): string | undefined {
  const as = clause.namedChildren.find((c) => c?.type === 'as_pattern');
  return as?.childForFieldName('alias')?.namedChild(0)?.text ?? as?.childForFieldName('alias')?.text;
}

export function handlerBody(clause: PyNode): PyNode | undefined {
  return clause.namedChildren.find((c) => c?.type === 'block') ?? undefined;
}

/** The handler raises (re-raises or raises another error) somewhere in its own body. */
export function handlerRaises(clause: PyNode): boolean {
  const body = handlerBody(clause);
  return !!body && descendantsInScope(body, new Set(['raise_statement'])).length > 0;
}

/** The handler leaves a trace: a call (logging, metrics, cleanup that reports) or a use of the bound exception. */
export function handlerActs(clause: PyNode): boolean {
  const body = handlerBody(clause);
  if (!body) return false;
  const name = boundName(clause);
  for (const n of descendantsInScope(body, new Set(['call', 'identifier']))) {
    if (n.type === 'call') return true;
    if (name && n.text === name) return true;
  }
  return false;
}

export const CANCELLED = /^(asyncio\.(exceptions\.)?CancelledError|concurrent\.futures\.CancelledError|CancelledError|trio\.Cancelled|anyio\.get_cancelled_exc_class\(\))$/;
export const BROAD = /^(BaseException|BaseExceptionGroup)$/;

/** Statements that leave a block for good. */
const EXITS = new Set(['raise_statement', 'return_statement', 'break_statement']);

/** A block whose every path ends in `raise`: its last statement raises, or is an if/else whose branches all do. */
function alwaysRaises(block: PyNode | null | undefined): boolean {
  if (!block) return false;
  const last = [...block.namedChildren].reverse().find((c) => c !== null && c.type !== 'comment');
  if (!last) return false;
  if (last.type === 'raise_statement') return true;
  if (last.type === 'if_statement') {
    const alts = last.childrenForFieldName('alternative');
    const hasElse = alts.some((a) => a.type === 'else_clause');
    return hasElse && alwaysRaises(last.childForFieldName('consequence')) && alts.every((a) => alwaysRaises(a.childForFieldName(a.type === 'else_clause' ? 'body' : 'consequence')));
  }
  return false;
}

/**
 * A call in the handler to a helper defined in this file that always raises (`self._convert_error(exc)` whose
 * body ends in `raise ...`): a re-raise through a helper.
 */
function callsRaisingHelper(file: PyFile, body: PyNode): boolean {
  for (const call of descendantsInScope(body, new Set(['call']))) {
    const fn = call.childForFieldName('function');
    const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (!name) continue;
    const defs = file.functions().filter((d) => d.childForFieldName('name')?.text === name);
    if (defs.length > 0 && defs.every((d) => alwaysRaises(d.childForFieldName('body')))) return true;
  }
  return false;
}

/** Names the handler body assigns (`cancelled = True`, `self._cancelled = True`). */
function assignedNames(body: PyNode): string[] {
  return descendantsInScope(body, new Set(['assignment'])).flatMap((a) => {
    const left = a.childForFieldName('left');
    return left && (left.type === 'identifier' || left.type === 'attribute') ? [left.text] : [];
  });
}

/**
 * Statements after the try statement, in the same function, that test a flag the handler set and then leave:
 * `if cancelled: raise` (kinds: the statement types found in the branch).
 */
function flagExits(clause: PyNode): Set<string> {
  const out = new Set<string>();
  const body = handlerBody(clause);
  const tryStmt = clause.parent;
  if (!body || !tryStmt) return out;
  const flags = assignedNames(body);
  if (flags.length === 0) return out;
  let scope: PyNode | null = tryStmt.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  const fnBody = scope?.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  if (!fnBody) return out;
  for (const s of descendantsInScope(fnBody, new Set(['if_statement', 'elif_clause']))) {
    if (s.startIndex < tryStmt.endIndex) continue;
    const cond = s.childForFieldName('condition');
    if (!cond || !flags.some((f) => cond.text === f || new RegExp(`(^|[^\\w.])${f.replace(/\./g, '\\.')}($|[^\\w])`).test(cond.text))) continue;
    const cons = s.childForFieldName('consequence');
    for (const e of cons ? descendantsInScope(cons, EXITS) : []) out.add(e.type);
  }
  return out;
}

/**
 * The cancellation caught by this handler is raised again: by the handler (`raise`, possibly conditional), by a
 * helper that always raises, by the `finally` of the same try, or later through a flag the handler set
 * (`cancelled = True` ... `if cancelled: raise`).
 */
export function handlerReraises(file: PyFile, clause: PyNode): boolean {
  if (handlerRaises(clause)) return true;
  const body = handlerBody(clause);
  if (body && callsRaisingHelper(file, body)) return true;
  const fin = clause.parent?.namedChildren.find((c) => c?.type === 'finally_clause');
  if (fin && descendantsInScope(fin, new Set(['raise_statement'])).length > 0) return true;
  return flagExits(clause).has('raise_statement');
}

/** Calls that only show an exception (logging, printing, formatting) or test it: they do not hand it on. */
const SHOWS = /^(print|str|repr|format|isinstance|issubclass|type|id|debug|info|warning|warn|error|exception|critical|log|msg)$/;

/**
 * The handler hands the caught exception to someone who answers for it: passes it to a call other than logging
 * (`fut.set_exception(exc)`, `self._errors.append(exc)`, `Error(exc)`), stores it, returns or yields it. Whoever
 * receives it decides what cancellation means there.
 */
export function handlerHandsOn(clause: PyNode): boolean {
  const name = boundName(clause);
  const body = handlerBody(clause);
  if (!name || !body) return false;
  for (const ref of descendantsInScope(body, new Set(['identifier']))) {
    if (ref.text !== name) continue;
    let p = ref.parent;
    while (p?.type === 'parenthesized_expression') p = p.parent;
    if (!p) continue;
    if (p.type === 'argument_list' || p.type === 'keyword_argument') {
      const call = p.type === 'argument_list' ? p.parent : p.parent?.parent;
      const fn = call?.childForFieldName('function');
      const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (p.type === 'keyword_argument' && p.childForFieldName('name')?.text === 'exc_info') continue;
      if (!SHOWS.test(last ?? '')) return true;
    } else if (p.type === 'assignment' && p.childForFieldName('right')?.startIndex === ref.startIndex) return true;
    else if (p.type === 'return_statement' || p.type === 'yield' || p.type === 'list' || p.type === 'tuple') return true;
  }
  return false;
}

/** The try body can be interrupted by cancellation: it awaits, or enters/iterates asynchronously. */
export function tryBodySuspends(tryStmt: PyNode): boolean {
  const body = tryStmt.childForFieldName('body');
  if (!body) return false;
  return descendantsInScope(body, new Set(['await', 'with_statement', 'for_statement'])).some((n) => n.type === 'await' || n.child(0)?.type === 'async');
}

/** Combinators that pass on the CancelledError of the awaitable they are given. */
const PASS_THROUGH = /(^|\.)(wait_for|shield|gather|wait)$/;

/**
 * Every await in the try body waits for an existing task or future (`await task`, `await self._waiter`,
 * `await asyncio.wait_for(self._task, t)`): the CancelledError may be that awaitable's, not this coroutine's.
 */
export function awaitsOnlyExistingAwaitables(tryStmt: PyNode): boolean {
  const body = tryStmt.childForFieldName('body');
  if (!body) return false;
  const awaits = descendantsInScope(body, new Set(['await']));
  if (awaits.length === 0) return false;
  const existing = (n: PyNode | null | undefined): boolean => !!n && (unparen(n).type === 'identifier' || unparen(n).type === 'attribute' || unparen(n).type === 'list_splat');
  return awaits.every((a) => {
    const e = a.namedChild(0) ? unparen(a.namedChild(0) as PyNode) : undefined;
    if (!e) return false;
    if (existing(e)) return true;
    if (e.type !== 'call') return false;
    const fn = e.childForFieldName('function')?.text ?? '';
    const first = e.childForFieldName('arguments')?.namedChildren.find((c) => c?.type !== 'comment');
    return PASS_THROUGH.test(fn) && existing(first);
  });
}

/**
 * After the handler runs, the coroutine goes on suspending in the same loop: the handler is inside a loop of
 * its function, does not itself leave it (`break` / `return` at its top level), and no later flag test leaves it.
 */
export function handlerResumesLoop(clause: PyNode): boolean {
  const body = handlerBody(clause);
  const tryStmt = clause.parent;
  if (!body || !tryStmt) return false;
  if (body.namedChildren.some((s) => s !== null && EXITS.has(s.type))) return false;
  let inLoop = false;
  for (let p = tryStmt.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') break;
    if (p.type === 'while_statement' || p.type === 'for_statement') {
      const loopBody = p.childForFieldName('body');
      if (loopBody && loopBody.startIndex <= tryStmt.startIndex && loopBody.endIndex >= tryStmt.endIndex) {
        inLoop = true;
        break;
      }
    }
  }
  if (!inLoop) return false;
  const flagged = flagExits(clause);
  return !flagged.has('break_statement') && !flagged.has('return_statement');
}
