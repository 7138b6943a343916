/**
 * What the tree-sitter languages (Python, C#...) share: one parser per grammar, made on first use and reused by every
 * review; the one walk that hands each node to the rules that asked for its type; and the syntax-error findings.
 * The wasm runtime and a grammar load lazily, so a server that never reviews a language never pays for it.
 */
import type { Node, Tree } from 'web-tree-sitter';

// The parsers live with the workspace, which reads installed packages' Python too; the reviewers share them.
export { getParser, parseWith } from '../workspace/parser.js';

export type NodeListeners = Map<string, Array<(n: Node) => void>>;

/** Adds a rule's listeners (node type -> handler) to the walk's table. */
export function addListeners(table: NodeListeners, listeners: Partial<Record<string, (n: Node) => void>>): void {
  for (const [type, fn] of Object.entries(listeners)) {
    if (!fn) continue;
    const list = table.get(type) ?? [];
    list.push(fn);
    table.set(type, list);
  }
}

/** One walk: a cursor visits each named node once and hands it to the listeners of its type. */
export function walkTree(tree: Tree, table: NodeListeners): void {
  const cursor = tree.walk();
  try {
    let done = false;
    while (!done) {
      if (cursor.nodeIsNamed) {
        const fns = table.get(cursor.nodeType);
        if (fns) {
          const node = cursor.currentNode;
          for (const fn of fns) fn(node);
        }
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
      }
    }
  } finally {
    cursor.delete();
  }
}

/** ERROR and MISSING nodes, outermost first, at most `max`: what the parser recovered around them is still reviewed. */
export function syntaxErrorNodes(root: Node, max: number): Node[] {
  const out: Node[] = [];
  if (!root.hasError) return out;
  const stack: Node[] = [root];
  while (stack.length && out.length < max) {
    const n = stack.pop() as Node;
    if (n.isError || n.isMissing) {
      out.push(n);
      continue;
    }
    if (!n.hasError) continue;
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  return out;
}

/** The message of a syntax-error finding for an ERROR or MISSING node. */
export function syntaxErrorMessage(n: Node): string {
  return n.isMissing
    ? `Syntax error: expected \`${n.type}\` here. The rest of the file was reviewed as far as the parser could recover it; fix the syntax and review again.`
    : `Syntax error: the parser could not read \`${n.text.split('\n')[0]?.slice(0, 40) ?? ''}\`. The rest of the file was reviewed as far as it could be recovered; fix the syntax and review again.`;
}

/** 1-based position span of a node, for findings. */
export function spanOf(node: Node): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

/** One finding per rule and position: two listeners reaching the same node report once. */
export function dedupeFindings<F extends { ruleId: string; line: number; column: number }>(findings: readonly F[]): F[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.line}:${f.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Strips parentheses (`parenthesized_expression` in the Python and C# grammars alike). */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) {
    const inner = n.namedChild(0);
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The parent, skipping parentheses. */
export function parentOf(node: Node): Node | null {
  let p = node.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  return p;
}
