/**
 * C# type references as the rules need them: a simple name with its generic arguments (`Task<int>`,
 * `Dictionary<string, List<int>>`), read from the syntax tree or from a catalog signature's text.
 */
import type { CsNode } from './syntax.js';

export interface CsType {
  /** Simple name without namespace or generic arguments: `Task`, `CancellationToken`, `int`. */
  name: string;
  args: CsType[];
  /** The namespace or outer type as written (`System.Threading.Tasks` in `System.Threading.Tasks.Task`). */
  qualifier?: string;
  array?: boolean;
  nullable?: boolean;
}

/** `Task<int>` as text, for messages and keys. */
export function typeText(t: CsType): string {
  const base = t.args.length ? `${t.name}<${t.args.map(typeText).join(', ')}>` : t.name;
  return `${base}${t.nullable ? '?' : ''}${t.array ? '[]' : ''}`;
}

/** The generic arity key used by the catalog index: `Task/1`. */
export function arityKey(name: string, arity: number): string {
  return `${name}/${arity}`;
}

/** A type node of the tree (`var` gives undefined: its type comes from the initializer). */
export function typeFromNode(node: CsNode | null | undefined): CsType | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return node.text === 'var' ? undefined : { name: node.text, args: [] };
    case 'predefined_type':
      return { name: node.text, args: [] };
    case 'generic_name': {
      const id = node.namedChild(0)?.text;
      const list = node.namedChildren.find((c) => c?.type === 'type_argument_list');
      if (!id) return undefined;
      const args = (list?.namedChildren ?? []).map((a) => typeFromNode(a) ?? { name: '?', args: [] });
      return { name: id, args };
    }
    case 'qualified_name': {
      const inner = typeFromNode(node.childForFieldName('name'));
      const q = node.childForFieldName('qualifier')?.text;
      return inner ? { ...inner, ...(q ? { qualifier: q.replace(/^global::/, '') } : {}) } : undefined;
    }
    case 'alias_qualified_name':
      return typeFromNode(node.childForFieldName('name'));
    case 'nullable_type': {
      const inner = typeFromNode(node.childForFieldName('type'));
      return inner ? { ...inner, nullable: true } : undefined;
    }
    case 'array_type': {
      const inner = typeFromNode(node.childForFieldName('type'));
      return inner ? { ...inner, array: true } : undefined;
    }
    case 'ref_type':
    case 'scoped_type':
      return typeFromNode(node.childForFieldName('type'));
    case 'implicit_type':
      return undefined;
    default:
      return undefined;
  }
}

/** Splits `a, Func<b, c>, d` at top-level commas. */
export function splitTopLevel(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** A type as catalog signatures write it: `Task<HttpResponseMessage>`, `ValueTask<int>`, `byte[]`, `int?`. */
export function parseTypeText(text: string): CsType | undefined {
  let t = text.trim();
  if (!t) return undefined;
  let array = false;
  let nullable = false;
  if (t.endsWith('[]')) {
    array = true;
    t = t.slice(0, -2);
  }
  if (t.endsWith('?')) {
    nullable = true;
    t = t.slice(0, -1);
  }
  if (t.startsWith('(')) return { name: '(tuple)', args: [] };
  const lt = t.indexOf('<');
  const qualified = lt < 0 ? t : t.slice(0, lt);
  const dot = qualified.lastIndexOf('.');
  const name = dot < 0 ? qualified : qualified.slice(dot + 1);
  const args = lt < 0 ? [] : splitTopLevel(t.slice(lt + 1, t.lastIndexOf('>'))).map((a) => parseTypeText(a) ?? { name: '?', args: [] });
  return { name, args, ...(dot > 0 ? { qualifier: qualified.slice(0, dot) } : {}), ...(array ? { array } : {}), ...(nullable ? { nullable } : {}) };
}

/** Replaces type parameters (`TResult`) by the arguments bound to them. */
export function substitute(t: CsType, bindings: ReadonlyMap<string, CsType>): CsType {
  if (t.args.length === 0) {
    const bound = bindings.get(t.name);
    if (bound) return { ...bound, ...(t.array ? { array: true } : {}), ...(t.nullable ? { nullable: true } : {}) };
    return t;
  }
  return { ...t, args: t.args.map((a) => substitute(a, bindings)) };
}

/** Task-like types: what `await` unwraps and what dropping loses. */
export const TASK_NAMES = new Set(['Task', 'ValueTask', 'ConfiguredTaskAwaitable', 'ConfiguredValueTaskAwaitable']);

export function isTaskType(t: CsType | undefined): boolean {
  return !!t && !t.array && TASK_NAMES.has(t.name) && t.args.length <= 1 && (t.qualifier === undefined || t.qualifier === 'System.Threading.Tasks' || t.qualifier.endsWith('CompilerServices'));
}

/** The type `await` gives for a task type: `int` for `Task<int>`, `void` for `Task`. */
export function awaitedType(t: CsType): CsType {
  return t.args[0] ?? { name: 'void', args: [] };
}
