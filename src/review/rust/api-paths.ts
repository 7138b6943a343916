/**
 * The crate paths a file names, for the two catalog rules: every outermost path in code (`tokio::time::sleep`,
 * `Mutex::new` through `use tokio::sync::Mutex`), each imported path of a `use`, and methods called on a receiver
 * whose type the file spells out. Paths the file does not resolve to tokio, futures or tokio-util are skipped.
 */
import { CATALOG_CRATES } from './catalog.js';
import type { RsFile } from './symbols.js';
import { calleeOf, pathText, type RsNode } from './syntax.js';

/** Methods every type may get from std traits (`Default`, `Clone`, `From`...), which the catalog need not list. */
export const STD_TRAIT_METHODS = new Set(['default', 'from', 'into', 'clone', 'clone_from', 'fmt', 'eq', 'ne', 'try_from', 'try_into', 'as_ref', 'as_mut', 'borrow', 'borrow_mut', 'deref', 'deref_mut', 'drop', 'hash', 'cmp', 'partial_cmp', 'to_string', 'to_owned', 'type_id', 'poll', 'into_future', 'from_iter', 'extend', 'into_iter', 'next', 'size_hint']);

export interface NamedPath {
  node: RsNode;
  /** The full path, starting with a catalog crate. */
  path: string;
  /** Written as a method call on a typed receiver (`sem.acquire_owned()`): the path is `<type>::<method>`. */
  member: boolean;
}

function inCatalogCrate(path: string): boolean {
  const root = path.split('::')[0] ?? '';
  return (CATALOG_CRATES as readonly string[]).includes(root);
}

/** Full paths of a `use` tree with the node naming each. */
function usePaths(n: RsNode, prefix: string, out: Array<{ node: RsNode; path: string }>): void {
  const join = (a: string, b: string) => (a ? `${a}::${b}` : b);
  switch (n.type) {
    case 'identifier':
    case 'scoped_identifier':
      out.push({ node: n, path: join(prefix, pathText(n)) });
      return;
    case 'use_as_clause': {
      const p = n.childForFieldName('path');
      if (p) out.push({ node: p, path: join(prefix, pathText(p)) });
      return;
    }
    case 'use_wildcard': {
      const inner = n.namedChild(0);
      if (inner) out.push({ node: inner, path: join(prefix, pathText(inner)) });
      return;
    }
    case 'scoped_use_list': {
      const p = n.childForFieldName('path');
      const list = n.childForFieldName('list');
      const np = p ? join(prefix, pathText(p)) : prefix;
      if (p) out.push({ node: p, path: np });
      for (const k of list?.namedChildren ?? []) if (k) usePaths(k, np, out);
      return;
    }
    case 'use_list':
      for (const k of n.namedChildren) if (k) usePaths(k, prefix, out);
      return;
    default:
      return;
  }
}

function insideUseOrAttribute(n: RsNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'use_declaration' || p.type === 'attribute_item' || p.type === 'inner_attribute_item') return true;
    if (p.type === 'block' || p.type === 'function_item') return false;
  }
  return false;
}

/**
 * Listeners that hand each catalog-crate path the file names to `visit`; with `alsoCrate`, also paths whose first
 * segment it accepts (a project's locked dependencies), written out (`reqwest::get`) or through a `use`.
 */
export function pathListeners(file: RsFile, visit: (p: NamedPath) => void, alsoCrate?: (root: string) => boolean): Record<string, (n: RsNode) => void> {
  const wanted = (path: string) => inCatalogCrate(path) || (alsoCrate?.(path.split('::')[0] ?? '') ?? false);
  const onPath = (n: RsNode) => {
    const parent = n.parent;
    if (parent && (parent.type === 'scoped_identifier' || parent.type === 'scoped_type_identifier') && parent.childForFieldName('path')?.id === n.id) return; // an inner segment
    if (insideUseOrAttribute(n)) return;
    const written = pathText(n);
    const full = file.resolvePath(written) ?? (alsoCrate && !file.imports.has(written.split('::')[0] ?? '') ? written.replace(/^::/, '') : undefined);
    if (full && wanted(full) && full.includes('::')) visit({ node: n, path: full, member: false });
  };
  return {
    scoped_identifier: onPath,
    scoped_type_identifier: onPath,
    use_declaration(u) {
      const arg = u.childForFieldName('argument');
      if (!arg) return;
      const out: Array<{ node: RsNode; path: string }> = [];
      usePaths(arg, '', out);
      for (const p of out) if (wanted(p.path) && p.path.includes('::')) visit({ ...p, member: false });
    },
    call_expression(call) {
      const c = calleeOf(call);
      if (c?.kind !== 'method' || STD_TRAIT_METHODS.has(c.name)) return;
      const t = file.typeOfExpr(c.receiver);
      if (!t || t.opaque || !wanted(t.path)) return;
      visit({ node: c.node, path: `${t.path}::${c.name}`, member: true });
    },
  };
}
