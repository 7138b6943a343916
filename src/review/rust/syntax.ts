/**
 * Reading the tree-sitter-rust tree the way the rules need it: paths as written, callees, receivers, the async frame a
 * node runs in, and the `.await` points of a frame.
 */
import type { Node } from 'web-tree-sitter';
import { isMacroAwait, selectOfBranch } from './macros.js';

export type RsNode = Node;

/** Calls that run a closure on another thread: code inside such a closure is not async code, whatever surrounds it. */
const THREAD_OFFLOADERS = new Set(['spawn_blocking', 'block_in_place', 'spawn', 'spawn_scoped', 'scope']);

/** A path as written, without generic arguments or whitespace: `Arc::<Mutex<u8>>::new` -> `Arc::new`. */
export function pathText(node: RsNode): string {
  let t = node.text.replace(/\s+/g, '');
  let prev = '';
  while (prev !== t) {
    prev = t;
    t = t.replace(/::<[^<>]*>/g, '').replace(/<[^<>]*>/g, '');
  }
  return t.replace(/^::/, '');
}

export interface Callee {
  kind: 'path' | 'method';
  /** The path as written (`tokio::time::sleep`, `File::open`) or the method name (`lock`). */
  name: string;
  /** The receiver of a method call (`m` in `m.lock()`). */
  receiver?: RsNode;
  /** The node naming the callee (for positions). */
  node: RsNode;
}

/** What a `call_expression` calls. */
export function calleeOf(call: RsNode): Callee | undefined {
  let fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'generic_function') fn = fn.childForFieldName('function') ?? fn;
  if (fn.type === 'field_expression') {
    const field = fn.childForFieldName('field');
    const value = fn.childForFieldName('value');
    if (!field) return undefined;
    return { kind: 'method', name: field.text, node: field, ...(value ? { receiver: value } : {}) };
  }
  if (fn.type === 'identifier' || fn.type === 'scoped_identifier' || fn.type === 'self') return { kind: 'path', name: pathText(fn), node: fn };
  return undefined;
}

/** The last segment of a path: `tokio::time::sleep` -> `sleep`. */
export function lastSegment(path: string): string {
  const i = path.lastIndexOf('::');
  return i < 0 ? path : path.slice(i + 2);
}

/** Strips parentheses, `?`, `.unwrap()`, `.expect(..)` and friends: what a value is, seen through error plumbing. */
export function throughUnwrap(node: RsNode): RsNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0) as RsNode;
    else if (n.type === 'try_expression') n = n.namedChild(0) as RsNode;
    else if (n.type === 'call_expression') {
      const c = calleeOf(n);
      if (c?.kind === 'method' && c.receiver && /^(unwrap|expect|unwrap_or_else|unwrap_or_default)$/.test(c.name)) n = c.receiver;
      else return n;
    } else return n;
  }
}

/** Is this expression awaited: the operand of `.await` (looking through parentheses), or a select! branch's future? */
export function isAwaited(node: RsNode): boolean {
  if (selectOfBranch(node)) return true;
  let p = node.parent;
  let child = node;
  while (p && p.type === 'parenthesized_expression') {
    child = p;
    p = p.parent;
  }
  return !!p && p.type === 'await_expression' && p.namedChild(0)?.id === child.id;
}

export interface Frame {
  /** The async block, async closure or async fn whose future runs this code; undefined in sync code. */
  node: RsNode | undefined;
  async: boolean;
}

function isAsyncFunction(fn: RsNode): boolean {
  return fn.namedChildren.some((c) => c?.type === 'function_modifiers' && /\basync\b/.test(c.text));
}

function isAsyncClosure(c: RsNode): boolean {
  for (const k of c.children) {
    if (!k) continue;
    if (k.type === 'async') return true;
    if (k.type === 'closure_parameters') return false;
  }
  return /^async\b/.test(c.text);
}

/**
 * The closure may run on another thread: it is an argument of a call that offloads it (`spawn_blocking(|| ..)`,
 * `thread::spawn`), or of any free function (`asyncify(move || std::fs::read(p))`), whose body this file may not show.
 * A closure given to a method (`iter.map(|x| ..)`, `opt.unwrap_or_else(..)`) runs inline, in the caller's frame.
 */
function offloadedClosure(closure: RsNode): boolean {
  const args = closure.parent;
  if (args?.type !== 'arguments') return false;
  const call = args.parent;
  if (call?.type !== 'call_expression') return false;
  const c = calleeOf(call);
  return !!c && (THREAD_OFFLOADERS.has(lastSegment(c.name)) || c.kind === 'path');
}

/**
 * The frame a node runs in: the nearest async block, async closure or async fn, looking through sync closures that run
 * inline (an iterator's `map`) but stopping at a closure handed to a thread (`spawn_blocking`, `block_in_place`,
 * `thread::spawn`) and at any `fn` item.
 */
export function frameOf(node: RsNode): Frame {
  for (let p = node.parent; p; p = p.parent) {
    switch (p.type) {
      case 'async_block':
        return { node: p, async: true };
      case 'closure_expression':
        if (isAsyncClosure(p)) return { node: p, async: true };
        if (offloadedClosure(p)) return { node: undefined, async: false };
        break;
      case 'function_item':
        return isAsyncFunction(p) ? { node: p, async: true } : { node: undefined, async: false };
      case 'function_signature_item':
      case 'const_item':
      case 'static_item':
        return { node: undefined, async: false };
      default:
        break;
    }
  }
  return { node: undefined, async: false };
}

export function inAsync(node: RsNode): boolean {
  return frameOf(node).async;
}

/** The body of a frame: an async block's block, an async closure's body, an async fn's block. */
export function frameBody(frame: RsNode): RsNode | null {
  if (frame.type === 'async_block') return frame.namedChildren.find((c) => c?.type === 'block') ?? null;
  return frame.childForFieldName('body');
}

/** Descendants of `root` of the given types that belong to the same frame (not inside a nested fn, closure or async block). */
export function sameFrameDescendants(root: RsNode, types: ReadonlySet<string>): RsNode[] {
  const out: RsNode[] = [];
  const stack: RsNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as RsNode;
    if (n.id !== root.id && (n.type === 'function_item' || n.type === 'closure_expression' || n.type === 'async_block')) continue;
    if (types.has(n.type)) out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const k = n.namedChild(i);
      if (k) stack.push(k);
    }
  }
  return out;
}

const AWAIT = new Set(['await_expression', 'block', 'tuple_expression']);

/** `.await` points directly in `root`'s frame, in source order: `.await` expressions and select!/join! bodies. */
export function awaitsIn(root: RsNode): RsNode[] {
  return sameFrameDescendants(root, AWAIT).filter((n) => n.type === 'await_expression' || isMacroAwait(n)).sort((a, b) => a.startIndex - b.startIndex);
}

/** The nearest ancestor of one of the types, stopping at fn items. */
export function ancestor(node: RsNode, types: ReadonlySet<string> | string): RsNode | null {
  const want = typeof types === 'string' ? new Set([types]) : types;
  for (let p = node.parent; p; p = p.parent) {
    if (want.has(p.type)) return p;
    if (p.type === 'function_item') return null;
  }
  return null;
}

/** The nearest enclosing loop of the same frame. */
export function enclosingLoop(node: RsNode): RsNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'for_expression' || p.type === 'while_expression' || p.type === 'loop_expression') return p;
    if (p.type === 'function_item' || p.type === 'closure_expression' || p.type === 'async_block') return null;
  }
  return null;
}

/** Is `inner` inside `outer` (or the same node)? */
export function within(inner: RsNode, outer: RsNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Identifiers a pattern binds (`x`, `(tx, rx)`, `Some(v)`, `mut g`). */
export function boundNames(pattern: RsNode | null): string[] {
  if (!pattern) return [];
  if (pattern.type === 'identifier') return [pattern.text];
  const out: string[] = [];
  const stack: RsNode[] = [pattern];
  while (stack.length) {
    const n = stack.pop() as RsNode;
    if (n.type === 'identifier' && n.parent?.type !== 'scoped_identifier' && n.parent?.type !== 'tuple_struct_pattern' ) out.push(n.text);
    else if (n.type === 'identifier' && n.parent?.type === 'tuple_struct_pattern' && n.parent.childForFieldName('type')?.id !== n.id) out.push(n.text);
    for (const k of n.namedChildren) if (k) stack.push(k);
  }
  return out;
}

/**
 * The uses of a name bound by `letNode` in the rest of its block, in source order: identifiers spelling it, macro
 * arguments included (tree-sitter keeps their tokens as identifiers). Stops at a later `let` that rebinds the name.
 */
export function laterUses(letNode: RsNode, name: string): RsNode[] {
  const block = letNode.parent;
  if (!block) return [];
  const out: RsNode[] = [];
  for (const n of block.descendantsOfType('identifier')) {
    if (!n || n.startIndex < letNode.endIndex || n.text !== name) continue;
    const rebind = n.parent?.type === 'let_declaration' && n.parent.childForFieldName('pattern')?.id === n.id && n.parent.parent?.id === block.id;
    if (rebind) {
      // `let x = x.await;` reads the old binding in its value before the new one starts.
      const value = n.parent?.childForFieldName('value');
      if (value) out.push(...value.descendantsOfType('identifier').filter((k): k is RsNode => !!k && k.text === name));
      break;
    }
    out.push(n);
  }
  return out;
}

/** Result and Option methods that a future does not have: calling one on a future means its output was wanted. */
const OUTPUT_METHODS = new Set(['unwrap', 'expect', 'unwrap_or', 'unwrap_or_default', 'is_ok', 'is_err', 'is_some', 'is_none', 'ok', 'err', 'len', 'is_empty', 'iter', 'json', 'text', 'status', 'bytes', 'get', 'contains', 'as_str', 'to_vec', 'first', 'last']);

/**
 * How an expression (a future, by the caller's knowledge) is used as if it were its output: `fut?`, `fut.unwrap()`,
 * `fut.field`, `match fut {..}`, `if let Ok(_) = fut`, `for x in fut`. Undefined when it is used as a future or not at all.
 */
export function usedAsOutput(expr: RsNode): string | undefined {
  let e = expr;
  while (e.parent?.type === 'parenthesized_expression') e = e.parent;
  const p = e.parent;
  if (!p) return undefined;
  switch (p.type) {
    case 'try_expression':
      return 'applies `?` to it';
    case 'field_expression': {
      if (p.childForFieldName('value')?.id !== e.id) return undefined;
      const field = p.childForFieldName('field')?.text ?? '';
      const call = p.parent?.type === 'call_expression' && p.parent.childForFieldName('function')?.id === p.id;
      if (!call) return /^\d+$/.test(field) ? `reads \`.${field}\` of it` : `reads its field \`${field}\``;
      return OUTPUT_METHODS.has(field) ? `calls \`.${field}()\` on it` : undefined;
    }
    case 'match_expression':
      return p.childForFieldName('value')?.id === e.id ? 'matches on it' : undefined;
    case 'let_condition':
      return p.childForFieldName('value')?.id === e.id ? 'matches on it with `if let`' : undefined;
    case 'for_expression':
      return p.childForFieldName('value')?.id === e.id ? 'iterates over it' : undefined;
    default:
      return undefined;
  }
}

/** A corpus label (`// expect: rule`) is measurement markup, not the author's word on the code. */
const LABEL_COMMENT = /^\/\/\s*expect(-next-line)?:/;

/**
 * Words by which a comment justifies dropping a result ("best effort", "the receiver may be gone", "ignore send
 * errors", "doesn't matter"), as opposed to narrating what the next line does ("// save the order"), which says
 * nothing about its failure.
 */
const JUSTIFIES = /\b(ignor\w*|best[- ]effort|deliberate\w*|intentional\w*|on purpose|purposely|(does|do|did)\s*n['’]?o?t\s+(matter|care)|not\s+(important|needed|matter\w*|an?\s+error|a\s+problem|fatal|critical)|is\s*n['’]?o?t\s+important|harmless|no-?op|fine|okay|ok\b|expected|may|might|already|gone|closed|nothing\s+(to\s+do|we\s+can)|swallow\w*|safe\s+to|allowed|anyway|either\s+way|irrelevant|don['’]?t\s+care)\b/i;
/** A comment that admits the handling is missing is no justification. */
const ADMITS = /\b(TODO|FIXME|XXX|HACK)\b/;

function isNote(c: RsNode | null): c is RsNode {
  if (!c || (c.type !== 'line_comment' && c.type !== 'block_comment')) return false;
  const text = c.text.trim();
  return !LABEL_COMMENT.test(text) && JUSTIFIES.test(text) && !ADMITS.test(text);
}

/**
 * Does a comment say why this statement or match arm may drop what it drops: a justifying comment (see JUSTIFIES) on
 * its own line right above it, at the end of its last line, or inside it (`Err(_) => { // receiver gone }`)? The
 * statement is the node's ancestor that sits directly in a block or a match block.
 */
export function explainedByComment(node: RsNode): boolean {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'match_block' && n.parent.type !== 'source_file') n = n.parent;
  const prev = n.previousNamedSibling;
  if (isNote(prev) && prev.endPosition.row >= n.startPosition.row - 1) {
    const before = prev.previousSibling;
    if (!before || before.endPosition.row < prev.startPosition.row) return true;
  }
  const next = n.nextNamedSibling;
  if (isNote(next) && next.startPosition.row === n.endPosition.row) return true;
  return n.descendantsOfType(['line_comment', 'block_comment']).some((c) => isNote(c));
}
