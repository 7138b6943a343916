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
