/**
 * tokio's and futures' `select!`, `join!` and `try_join!` hold async code that tree-sitter keeps as an unparsed token
 * tree, so no rule would see a blocking call, a dropped error or a spawn inside a `select!` branch, nor the await the
 * macro itself is. Rewriting each such invocation in place, with the same length and lines, turns its body into plain
 * Rust the parser reads: `tokio::select! { v = fut => handler, }` becomes `               { v = fut ;  handler; }` (the
 * macro name blanked, `=>` and the top-level `,` made statement ends), `tokio::join!(a, b)` becomes the tuple `(a, b)`.
 * Positions stay those of the original text, so findings and suppression comments line up. An invocation whose
 * rewrite does not parse cleanly (a branch precondition `, if cond`, an unusual form) is left as it was.
 */
import type { Tree } from 'web-tree-sitter';
import type { RsNode } from './syntax.js';

const SELECT = /^((tokio|futures)::)?select(_biased)?$/;
const JOIN = /^((tokio|futures)::)?(try_)?join$/;

export interface Rewrite {
  /** The invocation's range in the code. */
  start: number;
  end: number;
  /** Where the body (the block or tuple that stands for the macro's await) starts. */
  bodyStart: number;
  text: string;
}

/** The rewrites of every select!/join! invocation of the tree (outermost and nested alike). */
export function macroRewrites(root: RsNode, code: string): Rewrite[] {
  const out: Rewrite[] = [];
  for (const m of root.descendantsOfType('macro_invocation')) {
    if (!m) continue;
    const name = m.childForFieldName('macro')?.text.replace(/\s+/g, '') ?? '';
    const isSelect = SELECT.test(name);
    if (!isSelect && !JOIN.test(name)) continue;
    const body = m.namedChildren.find((k) => k?.type === 'token_tree');
    if (!body) continue;
    const open = code[body.startIndex];
    const chars = code.slice(m.startIndex, m.endIndex).split('');
    const at = (i: number, s: string) => {
      for (let k = 0; k < s.length; k++) chars[i - m.startIndex + k] = s[k] as string;
    };
    at(m.startIndex, ' '.repeat(body.startIndex - m.startIndex));
    if (isSelect) {
      if (open !== '{') continue;
      for (const k of body.children) {
        if (!k) continue;
        if (k.type === '=>') at(k.startIndex, '; ');
        else if (k.type === ',') at(k.startIndex, ';');
        else if (k.type === 'else' || (k.type === 'identifier' && k.text === 'else')) at(k.startIndex, '    ');
      }
    } else {
      // One future in parentheses would read as that future, dropped: only tuples of two or more.
      if (open !== '(' || !body.children.some((k) => k?.type === ',')) continue;
    }
    out.push({ start: m.startIndex, end: m.endIndex, bodyStart: body.startIndex, text: chars.join('') });
  }
  return out;
}

/** The code with the rewrites applied; each changes only its own tokens, so their order does not matter. */
export function applyRewrites(code: string, rewrites: readonly Rewrite[]): string {
  const chars = code.split('');
  for (const r of rewrites) {
    for (let i = 0; i < r.text.length; i++) if (r.text[i] !== code[r.start + i]) chars[r.start + i] = r.text[i] as string;
  }
  return chars.join('');
}

/** Does the tree have a parse error inside the range? */
export function errorWithin(root: RsNode, start: number, end: number): boolean {
  const stack: RsNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as RsNode;
    if (n.endIndex <= start || n.startIndex >= end || !n.hasError) continue;
    if ((n.isError || n.isMissing) && n.startIndex < end && n.endIndex > start) return true;
    for (const k of n.children) if (k) stack.push(k);
  }
  return false;
}

const macroAwaits = new WeakMap<Tree, Set<number>>();

/** Records where the rewritten macros' bodies start in this tree: each is an await point of its frame. */
export function markMacroAwaits(tree: Tree, starts: readonly number[]): void {
  macroAwaits.set(tree, new Set(starts));
}

/** Is this block or tuple the body of a rewritten select!/join! (so the code awaits there)? */
export function isMacroAwait(node: RsNode): boolean {
  return (node.type === 'block' || node.type === 'tuple_expression') && !!macroAwaits.get(node.tree)?.has(node.startIndex);
}

/**
 * The select! block a branch future belongs to: `fut` in the rewritten `pat = fut;` statement directly in the body of
 * a rewritten `select!`. Such a future is awaited by the macro.
 */
export function selectOfBranch(node: RsNode): RsNode | undefined {
  let e = node;
  while (e.parent?.type === 'parenthesized_expression') e = e.parent;
  const assign = e.parent;
  if (assign?.type !== 'assignment_expression' || assign.childForFieldName('right')?.id !== e.id) return undefined;
  const stmt = assign.parent;
  const block = stmt?.type === 'expression_statement' ? stmt.parent : null;
  return block && block.type === 'block' && isMacroAwait(block) ? block : undefined;
}
