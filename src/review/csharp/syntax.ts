/**
 * Tree shapes of the C# grammar (tree-sitter-c-sharp) the rules ask about: functions and whether they are async,
 * loops, calls and their parts, statements. Everything here is syntax only; types live in symbols.ts.
 */
import type { Node } from 'web-tree-sitter';
import { parentOf, unparen } from '../tree-sitter.js';

export type CsNode = Node;

/** Nodes that start a new function body: an `await` inside one belongs to it, not to the method around it. */
export const FUNCTION_TYPES = new Set([
  'method_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression',
  'constructor_declaration', 'destructor_declaration', 'accessor_declaration', 'operator_declaration',
  'conversion_operator_declaration', 'property_declaration', 'indexer_declaration',
]);

/** Declarations that hold members. */
export const TYPE_DECLARATIONS = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration']);

const LOOP_TYPES = new Set(['for_statement', 'foreach_statement', 'while_statement', 'do_statement']);

/** A key that identifies a node within one tree (Node.id is shared by equal packed leaves). */
export function nodeKey(node: CsNode): string {
  return `${node.startIndex}:${node.endIndex}:${node.typeId}`;
}

/** Same node (by position and type). */
export function sameNode(a: CsNode | null | undefined, b: CsNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.typeId === b.typeId;
}

/** True when `inner` lies within `outer` (same node included). */
export function contains(outer: CsNode, inner: CsNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** The modifiers of a declaration, as words (`public`, `async`, `static`...). */
export function modifiersOf(decl: CsNode): string[] {
  return decl.children.filter((c): c is CsNode => c?.type === 'modifier').map((c) => c.text);
}

/** The nearest enclosing function (method, local function, lambda, accessor...), or undefined at type level. */
export function enclosingFunction(node: CsNode): CsNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (FUNCTION_TYPES.has(p.type)) {
      // A property or indexer is a function only for its expression body (`=> ...`); accessors are their own.
      if ((p.type === 'property_declaration' || p.type === 'indexer_declaration') && !p.children.some((c) => c?.type === 'arrow_expression_clause' && contains(c, node))) continue;
      return p;
    }
  }
  return undefined;
}

/** `async` methods, local functions, lambdas and anonymous methods. */
export function isAsyncFunction(fn: CsNode | undefined): boolean {
  return !!fn && modifiersOf(fn).includes('async');
}

/** The body of a function: a block, or the expression of an `=>` body. */
export function functionBody(fn: CsNode): CsNode | undefined {
  const body = fn.childForFieldName('body');
  if (body) return body;
  const arrow = fn.children.find((c) => c?.type === 'arrow_expression_clause');
  return arrow?.namedChild(0) ?? undefined;
}

/** The node runs inside an async function's own body; top-level statements count when the file awaits at top level. */
export function inAsyncCode(node: CsNode, topLevelAwaits: boolean): boolean {
  const fn = enclosingFunction(node);
  if (fn) return isAsyncFunction(fn);
  return topLevelAwaits && inGlobalStatement(node);
}

export function inGlobalStatement(node: CsNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'global_statement') return true;
  return false;
}

export { parentOf, unparen };

/** The called member's name: `GetAsync` for `client.GetAsync(...)`, `Run` for `Task.Run<int>(...)`, `F` for `F()`. */
export function calleeName(call: CsNode): string {
  const fn = call.childForFieldName('function');
  return fn ? simpleName(fn) : '';
}

/** The last identifier of a name or member access (`b` of `a.b`, `M` of `M<T>`, `M` of `?.M`). */
export function simpleName(node: CsNode): string {
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'generic_name':
      return node.namedChild(0)?.text ?? '';
    case 'member_access_expression':
    case 'member_binding_expression': {
      const name = node.childForFieldName('name');
      return name ? simpleName(name) : '';
    }
    case 'qualified_name': {
      const name = node.childForFieldName('name');
      return name ? simpleName(name) : '';
    }
    case 'conditional_access_expression': {
      // `a?.M` as the callee of `a?.M()`: the member binding is its last part.
      const last = node.namedChildren.at(-1);
      return last && last.type !== node.type && !sameNode(last, node.childForFieldName('condition')) ? simpleName(last) : '';
    }
    default:
      return '';
  }
}

/**
 * The receiver of a call or member access: `client` for `client.GetAsync()`, `a.b` for `a.b.C()`. For `a?.M()` the
 * receiver is `a` (the condition of the conditional access around the member binding).
 */
export function receiverOf(node: CsNode): CsNode | undefined {
  const fn = node.type === 'invocation_expression' ? node.childForFieldName('function') : node;
  if (!fn) return undefined;
  if (fn.type === 'member_access_expression') return fn.childForFieldName('expression') ?? undefined;
  if (fn.type === 'conditional_access_expression') return fn.childForFieldName('condition') ?? undefined;
  if (fn.type === 'member_binding_expression') {
    for (let p = fn.parent; p; p = p.parent) {
      if (p.type === 'conditional_access_expression') return p.childForFieldName('condition') ?? undefined;
    }
  }
  return undefined;
}

/** The argument expressions of a call or object creation, with their names (`cancellationToken: ct`). */
export function argumentsOf(call: CsNode): Array<{ name?: string; value: CsNode; node: CsNode; modifier?: string }> {
  const list = call.childForFieldName('arguments') ?? call.children.find((c) => c?.type === 'argument_list');
  if (!list) return [];
  const out: Array<{ name?: string; value: CsNode; node: CsNode; modifier?: string }> = [];
  for (const a of list.namedChildren) {
    if (a?.type !== 'argument') continue;
    const nameNode = a.childForFieldName('name');
    const name = nameNode?.text;
    const value = a.namedChildren.filter((c): c is CsNode => c !== null && !sameNode(c, nameNode)).at(-1);
    const modifier = a.children.find((c) => c?.type === 'out' || c?.type === 'ref' || c?.type === 'in')?.type;
    if (value) out.push({ ...(name ? { name } : {}), value, node: a, ...(modifier ? { modifier } : {}) });
  }
  return out;
}

/** The expression is awaited (`await x`, possibly parenthesised or with `.ConfigureAwait(...)` after it). */
export function isAwaited(expr: CsNode): boolean {
  let n = expr;
  for (let p = parentOf(n); p; p = parentOf(n)) {
    if (p.type === 'await_expression') return true;
    // `x.ConfigureAwait(false)`: the member access then the call around it.
    if (p.type === 'member_access_expression' && sameNode(p.childForFieldName('expression'), n) && /^ConfigureAwait$/.test(simpleName(p))) {
      const call = p.parent;
      if (call?.type !== 'invocation_expression') return false;
      n = call;
      continue;
    }
    return false;
  }
  return false;
}

/** The statement that holds a node: its nearest ancestor whose parent is a block, a switch section or the file. */
export function enclosingStatement(node: CsNode): CsNode {
  let n = node;
  while (n.parent && !['block', 'switch_section', 'global_statement', 'compilation_unit'].includes(n.parent.type)) n = n.parent;
  return n;
}

/** The nearest loop whose repeated part (body, condition, update) holds the node, inside the same function. */
export function enclosingLoop(node: CsNode): CsNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (FUNCTION_TYPES.has(p.type) || TYPE_DECLARATIONS.has(p.type)) return undefined;
    if (!LOOP_TYPES.has(p.type)) continue;
    // A foreach's collection and a for's initializer run once, before the loop.
    const once = p.type === 'foreach_statement' ? p.childForFieldName('right') : p.type === 'for_statement' ? p.childForFieldName('initializer') : null;
    if (once && contains(once, node)) continue;
    return p;
  }
  return undefined;
}

export function isLoop(node: CsNode): boolean {
  return LOOP_TYPES.has(node.type);
}

/** `await foreach (...)`. */
export function isAwaitForeach(node: CsNode): boolean {
  return node.type === 'foreach_statement' && node.children.some((c) => c?.type === 'await');
}

/** Every named descendant, in source order, without entering nested functions (lambdas, local functions). */
export function descendantsInScope(root: CsNode, types?: ReadonlySet<string>): CsNode[] {
  const out: CsNode[] = [];
  const stack: CsNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as CsNode;
    if (n !== root && (FUNCTION_TYPES.has(n.type) || TYPE_DECLARATIONS.has(n.type))) continue;
    if (n !== root && (!types || types.has(n.type))) out.push(n);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  return out;
}

/** Every named descendant of the given types, nested functions included. */
export function descendantsOfTypes(root: CsNode, types: readonly string[]): CsNode[] {
  return root.descendantsOfType([...types]).filter((n): n is CsNode => n !== null);
}

/** Identifiers named `name` in a subtree (nested functions included: a lambda capturing it still uses it). */
export function mentions(root: CsNode, name: string): boolean {
  if (!root.text.includes(name)) return false;
  return descendantsOfTypes(root, ['identifier']).some((n) => n.text === name);
}

/** Short source text of a node for messages (first line, at most 60 characters). */
export function snippet(node: CsNode): string {
  const first = node.text.split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

/** The parameters of a function as written (`(CancellationToken ct)`; an implicit lambda parameter has no type). */
export function parametersOf(fn: CsNode): CsNode[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  if (list.type === 'implicit_parameter' || list.type === 'identifier') return [list];
  return list.namedChildren.filter((p): p is CsNode => p?.type === 'parameter' || p?.type === 'implicit_parameter');
}

/** The method or local function whose name or return type is written (lambdas have none). */
export function returnTypeNode(fn: CsNode): CsNode | undefined {
  return fn.childForFieldName('returns') ?? (fn.type === 'local_function_statement' ? fn.childForFieldName('type') : null) ?? undefined;
}

/** The enclosing class, struct, record or interface declaration. */
export function enclosingTypeDeclaration(node: CsNode): CsNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (TYPE_DECLARATIONS.has(p.type)) return p;
  return undefined;
}

/** A `catch` clause's parts: the caught type (undefined for `catch {}`), the bound name, the filter and the body. */
export function catchParts(clause: CsNode): { type?: CsNode; name?: string; filter?: CsNode; body?: CsNode } {
  const decl = clause.namedChildren.find((c) => c?.type === 'catch_declaration');
  const filter = clause.namedChildren.find((c) => c?.type === 'catch_filter_clause');
  const body = clause.childForFieldName('body');
  return {
    ...(decl?.childForFieldName('type') ? { type: decl.childForFieldName('type') as CsNode } : {}),
    ...(decl?.childForFieldName('name') ? { name: decl.childForFieldName('name')?.text } : {}),
    ...(filter ? { filter } : {}),
    ...(body ? { body } : {}),
  };
}

/** Framework symbols of SDK builds (`NET8_0_OR_GREATER`, `NETSTANDARD2_0`, `NETFRAMEWORK`, `NETCOREAPP`). */
const FRAMEWORK_SYMBOL = /\b(NET\d|NETSTANDARD|NETCOREAPP|NETFRAMEWORK|NET_\d|NETCORE)\w*/;

/**
 * The node is compiled only for some target frameworks: inside an `#if`/`#elif`/`#else` branch whose condition names a
 * framework symbol. Which APIs exist there is not the review target's question.
 */
export function inFrameworkConditional(node: CsNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'preproc_if' && p.type !== 'preproc_elif' && p.type !== 'preproc_else') continue;
    let cond = p.childForFieldName('condition');
    // An `#else` belongs to the `#if` (or `#elif`) that holds it as its alternative.
    for (let q: CsNode | null = p; !cond && q; q = q.parent) if (q.type === 'preproc_if' || q.type === 'preproc_elif') cond = q.childForFieldName('condition');
    if (cond && FRAMEWORK_SYMBOL.test(cond.text)) return true;
  }
  return false;
}
