/**
 * The per-file symbol table of the C# reviewer: `using` directives and aliases, the types this file declares (with
 * their fields, properties and methods), and the declared type of every local, parameter and field in scope.
 * `var` is resolved only where the initializer makes the type certain (`new T()`, a cast, a call whose return type
 * this file or the catalog states). Receivers of known types are looked up in the catalog (catalog.ts).
 * Everything is read from the syntax tree: the reviewed code is never compiled or run.
 */
import { csCatalog, overloadsOf, type CatType, type CsSignature, type FoundMember } from './catalog.js';
import {
  contains, descendantsInScope, enclosingFunction, enclosingTypeDeclaration, FUNCTION_TYPES, functionBody, modifiersOf,
  nodeKey, parametersOf, receiverOf, returnTypeNode, sameNode, simpleName, TYPE_DECLARATIONS, unparen, type CsNode,
} from './syntax.js';
import { awaitedType, isTaskType, parseTypeText, substitute, typeFromNode, type CsType } from './types.js';
import type { CatalogEntry } from '../../catalog/index.js';
import type { Basis } from '../finding.js';

/** Namespaces an SDK project imports without a `using` (`<ImplicitUsings>enable</ImplicitUsings>`, console and library). */
const IMPLICIT_USINGS = new Set(['System', 'System.IO', 'System.Collections.Generic', 'System.Linq', 'System.Net.Http', 'System.Threading', 'System.Threading.Tasks']);

export interface ParamDecl {
  name: string;
  type?: CsType;
  node: CsNode;
}

export interface MemberDecl {
  kind: 'method' | 'field' | 'property' | 'event' | 'local-function';
  name: string;
  type?: CsType;
  params: ParamDecl[];
  isAsync: boolean;
  isStatic: boolean;
  node: CsNode;
}

export interface TypeDecl {
  name: string;
  kind: string;
  nodes: CsNode[];
  members: Map<string, MemberDecl[]>;
  bases: CsType[];
}

/** What the reviewer knows about an expression's type, and how. */
export interface TypeInfo {
  type: CsType;
  cat?: CatType;
  local?: TypeDecl;
  /** `declared`: written in a declaration; `assumed`: a catalog type found without its `using` (implicit usings). */
  via: 'declared' | 'constructed' | 'catalog' | 'file' | 'assumed';
}

/** A resolved call: what it calls, on what, and the overloads or declarations that may answer it. */
export interface CallInfo {
  name: string;
  receiver?: CsNode;
  receiverType?: TypeInfo;
  /** Set for `Type.Member(...)`: the type named as receiver. */
  staticType?: { name: string; cat?: CatType; local?: TypeDecl };
  catalog?: FoundMember;
  /** Catalog extension methods that fit the receiver (`client.GetFromJsonAsync`). */
  extensions?: CatalogEntry[];
  /** Methods of this file that may be the callee. */
  decls?: MemberDecl[];
}

export interface LocalDecl {
  name: string;
  type?: CsType;
  init?: CsNode;
  /** Where the declaration starts: a use before it is not of this local. */
  start: number;
  node: CsNode;
  /** The node whose extent is the local's scope (its block, loop or catch). */
  scope: CsNode;
}

const MAX_DEPTH = 12;

export class CsFile {
  readonly namespaces = new Set<string>();
  readonly aliases = new Map<string, string>();
  readonly staticImports: string[] = [];
  readonly types = new Map<string, TypeDecl>();
  /** The file's own namespaces (`namespace Acme.Orders;`). */
  readonly ownNamespaces = new Set<string>();
  readonly topLevelAwaits: boolean;
  private readonly localsCache = new Map<string, Map<string, LocalDecl[]>>();
  private readonly typeCache = new Map<string, TypeInfo | null>();
  private readonly callCache = new Map<string, CallInfo>();
  private depth = 0;

  /**
   * Extension method names declared by the other files of the project under review (the CLI reviews a folder at
   * once): a member missing from a catalog type may be one of them.
   */
  projectExtensions: ReadonlySet<string> = new Set();

  constructor(readonly root: CsNode, readonly source: string) {
    let awaits = false;
    for (const n of root.namedChildren) {
      if (!n) continue;
      if (n.type === 'global_statement' && /\bawait\b/.test(n.text)) awaits = awaits || descendantsInScope(n, new Set(['await_expression'])).length > 0 || /\bawait\s+(foreach|using)\b/.test(n.text);
    }
    this.topLevelAwaits = awaits;
    for (const u of root.descendantsOfType('using_directive')) if (u) this.readUsing(u);
    for (const ns of root.descendantsOfType(['namespace_declaration', 'file_scoped_namespace_declaration'])) {
      const name = ns?.childForFieldName('name')?.text;
      if (name) this.ownNamespaces.add(name);
    }
    for (const decl of root.descendantsOfType([...TYPE_DECLARATIONS])) if (decl) this.readType(decl);
  }

  private readUsing(u: CsNode): void {
    const isStatic = u.children.some((c) => c?.type === 'static');
    const alias = u.childForFieldName('name');
    const target = u.namedChildren.filter((c): c is CsNode => c !== null && !sameNode(c, alias)).at(-1);
    if (!target) return;
    if (alias) this.aliases.set(alias.text, target.text);
    else if (isStatic) this.staticImports.push(target.text);
    else this.namespaces.add(target.text.replace(/^global::/, ''));
  }

  private readType(decl: CsNode): void {
    const name = decl.childForFieldName('name')?.text;
    if (!name) return;
    const t: TypeDecl = this.types.get(name) ?? { name, kind: decl.type, nodes: [], members: new Map(), bases: [] };
    t.nodes.push(decl);
    const baseList = decl.namedChildren.find((c) => c?.type === 'base_list');
    for (const b of baseList?.namedChildren ?? []) {
      const bt = typeFromNode(b?.type === 'primary_constructor_base_type' ? b.childForFieldName('type') : b);
      if (bt) t.bases.push(bt);
    }
    const add = (m: MemberDecl): void => {
      const list = t.members.get(m.name) ?? [];
      list.push(m);
      t.members.set(m.name, list);
    };
    // A primary constructor's parameters are in scope in every member.
    const primary = decl.namedChildren.find((c) => c?.type === 'parameter_list');
    for (const p of primary?.namedChildren ?? []) {
      const pn = p?.childForFieldName('name')?.text;
      if (p && pn) add({ kind: 'field', name: pn, type: typeFromNode(p.childForFieldName('type')), params: [], isAsync: false, isStatic: false, node: p });
    }
    const body = decl.childForFieldName('body');
    for (const m of body?.namedChildren ?? []) {
      if (!m) continue;
      const mods = modifiersOf(m);
      const isStatic = mods.includes('static') || mods.includes('const');
      if (m.type === 'method_declaration') {
        const mname = m.childForFieldName('name')?.text;
        if (mname) add({ kind: 'method', name: mname, type: typeFromNode(m.childForFieldName('returns')), params: this.paramsOf(m), isAsync: mods.includes('async'), isStatic, node: m });
      } else if (m.type === 'field_declaration' || m.type === 'event_field_declaration') {
        const vd = m.namedChildren.find((c) => c?.type === 'variable_declaration');
        const type = typeFromNode(vd?.childForFieldName('type'));
        for (const d of vd?.namedChildren ?? []) {
          if (d?.type !== 'variable_declarator') continue;
          const dn = d.childForFieldName('name')?.text;
          if (dn) add({ kind: m.type === 'field_declaration' ? 'field' : 'event', name: dn, type: type ?? this.initializerType(d), params: [], isAsync: false, isStatic, node: d });
        }
      } else if (m.type === 'property_declaration') {
        const pn = m.childForFieldName('name')?.text;
        if (pn) add({ kind: 'property', name: pn, type: typeFromNode(m.childForFieldName('type')), params: [], isAsync: false, isStatic, node: m });
      }
    }
    this.types.set(name, t);
  }

  private initializerType(declarator: CsNode): CsType | undefined {
    const init = declaratorInit(declarator);
    return init?.type === 'object_creation_expression' ? typeFromNode(init.childForFieldName('type')) : undefined;
  }

  paramsOf(fn: CsNode): ParamDecl[] {
    return parametersOf(fn).flatMap((p) => {
      const name = p.type === 'parameter' ? p.childForFieldName('name')?.text : p.text;
      if (!name) return [];
      const type = p.type === 'parameter' ? typeFromNode(p.childForFieldName('type')) : undefined;
      return [{ name, ...(type ? { type } : {}), node: p }];
    });
  }

  /** The type declaration around a node, as recorded (partial parts merged). */
  enclosingType(node: CsNode): TypeDecl | undefined {
    const decl = enclosingTypeDeclaration(node);
    const name = decl?.childForFieldName('name')?.text;
    return name ? this.types.get(name) : undefined;
  }

  /** A member of a type declared in this file, following base types also declared here. */
  fileMembers(type: TypeDecl, name: string): MemberDecl[] {
    const out: MemberDecl[] = [];
    const seen = new Set<string>();
    let queue: TypeDecl[] = [type];
    while (queue.length) {
      const next: TypeDecl[] = [];
      for (const t of queue) {
        if (seen.has(t.name)) continue;
        seen.add(t.name);
        out.push(...(t.members.get(name) ?? []));
        for (const b of t.bases) {
          const bt = this.types.get(b.name);
          if (bt) next.push(bt);
        }
      }
      queue = next;
    }
    return out;
  }

  /** Resolves a written type to this file's declaration or a catalog type. */
  resolveType(t: CsType): { cat?: CatType; local?: TypeDecl; assumed?: boolean } {
    if (!t.qualifier) {
      const local = this.types.get(t.name);
      if (local) return { local };
      const alias = this.aliases.get(t.name);
      if (alias) {
        const target = parseTypeText(alias);
        if (target && target.name !== t.name) return this.resolveType({ ...target, args: t.args.length ? t.args : target.args });
      }
    }
    const catalog = csCatalog();
    if (!catalog) return {};
    const all = catalog.typesNamed(t.name, t.args.length, t.qualifier);
    if (all.length === 0) return {};
    if (t.qualifier) return all.length === 1 ? { cat: all[0] } : {};
    const imported = all.filter((c) => this.namespaces.has(c.ns) || [...this.ownNamespaces].some((o) => o === c.ns || o.startsWith(`${c.ns}.`)));
    if (imported.length === 1) return { cat: imported[0] };
    if (imported.length > 1) return {};
    // Not imported here: SDK projects import some namespaces implicitly, and snippets often leave usings out.
    const implicit = all.filter((c) => IMPLICIT_USINGS.has(c.ns));
    if (implicit.length === 1) return { cat: implicit[0] };
    return all.length === 1 ? { cat: all[0], assumed: true } : {};
  }

  private info(type: CsType, via: TypeInfo['via']): TypeInfo {
    const r = this.resolveType(type);
    return { type, ...(r.cat ? { cat: r.cat } : {}), ...(r.local ? { local: r.local } : {}), via: r.assumed && via !== 'declared' ? 'assumed' : via };
  }

  /** Locals of one function body (or the top-level statements), by name. */
  private localsOf(scopeRoot: CsNode): Map<string, LocalDecl[]> {
    const key = nodeKey(scopeRoot);
    const cached = this.localsCache.get(key);
    if (cached) return cached;
    const out = new Map<string, LocalDecl[]>();
    const add = (d: LocalDecl): void => {
      const list = out.get(d.name) ?? [];
      list.push(d);
      out.set(d.name, list);
    };
    const body = FUNCTION_TYPES.has(scopeRoot.type) ? functionBody(scopeRoot) : scopeRoot;
    if (body) {
      for (const n of descendantsInScope(body, new Set(['variable_declaration', 'foreach_statement', 'catch_declaration', 'declaration_pattern', 'declaration_expression', 'local_function_statement']))) {
        const scope = n.parent?.type === 'local_declaration_statement' ? n.parent.parent ?? body : n.parent ?? body;
        if (n.type === 'variable_declaration') {
          const type = typeFromNode(n.childForFieldName('type'));
          for (const d of n.namedChildren) {
            if (d?.type !== 'variable_declarator') continue;
            const name = d.childForFieldName('name')?.text;
            const init = declaratorInit(d);
            if (name) add({ name, ...(type ? { type } : {}), ...(init ? { init } : {}), start: d.startIndex, node: d, scope: n.parent?.type === 'local_declaration_statement' ? (n.parent.parent ?? body) : (n.parent ?? body) });
          }
        } else if (n.type === 'foreach_statement') {
          const left = n.childForFieldName('left');
          const type = typeFromNode(n.childForFieldName('type'));
          if (left?.type === 'identifier') add({ name: left.text, ...(type ? { type } : {}), start: left.startIndex, node: left, scope: n });
        } else if (n.type === 'catch_declaration') {
          const name = n.childForFieldName('name')?.text;
          const type = typeFromNode(n.childForFieldName('type'));
          if (name) add({ name, ...(type ? { type } : {}), start: n.startIndex, node: n, scope: n.parent ?? body });
        } else if (n.type === 'local_function_statement') {
          // Recorded so that a call to it resolves to its declaration (see callInfo).
          continue;
        } else {
          const name = n.childForFieldName('name');
          const type = typeFromNode(n.childForFieldName('type'));
          if (name?.type === 'identifier') add({ name: name.text, ...(type ? { type } : {}), start: n.startIndex, node: n, scope });
        }
      }
    }
    this.localsCache.set(key, out);
    return out;
  }

  /** The local, parameter or field a name refers to at a point, with its declared type. */
  lookup(name: string, at: CsNode): { kind: 'local' | 'param' | 'member'; type?: CsType; init?: CsNode; decl: CsNode; member?: MemberDecl } | undefined {
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      const locals = this.localsOf(fn).get(name);
      const l = locals?.filter((d) => d.start <= at.startIndex && contains(d.scope, at)).at(-1);
      if (l) return { kind: 'local', ...(l.type ? { type: l.type } : {}), ...(l.init ? { init: l.init } : {}), decl: l.node };
      const p = this.paramsOf(fn).find((x) => x.name === name);
      if (p) return { kind: 'param', ...(p.type ? { type: p.type } : {}), decl: p.node };
    }
    // Top-level statements: their locals are in scope in the whole program's top level.
    for (const g of this.root.namedChildren) {
      if (g?.type !== 'global_statement' || !contains(g, at) && g.startIndex > at.startIndex) continue;
      const l = this.localsOf(g).get(name)?.filter((d) => d.start <= at.startIndex).at(-1);
      if (l) return { kind: 'local', ...(l.type ? { type: l.type } : {}), ...(l.init ? { init: l.init } : {}), decl: l.node };
    }
    const owner = this.enclosingType(at);
    if (owner) {
      const m = this.fileMembers(owner, name).find((x) => x.kind !== 'method');
      if (m) return { kind: 'member', ...(m.type ? { type: m.type } : {}), decl: m.node, member: m };
    }
    return undefined;
  }

  /** The type of an expression, where the code makes it certain; undefined otherwise. */
  typeOf(expr: CsNode | null | undefined): TypeInfo | undefined {
    if (!expr) return undefined;
    const key = nodeKey(expr);
    if (this.typeCache.has(key)) return this.typeCache.get(key) ?? undefined;
    if (this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    let t: TypeInfo | undefined;
    try {
      t = this.typeOfUncached(unparen(expr));
    } finally {
      this.depth--;
    }
    this.typeCache.set(key, t ?? null);
    return t;
  }

  private typeOfUncached(e: CsNode): TypeInfo | undefined {
    switch (e.type) {
      case 'identifier': {
        const v = this.lookup(e.text, e);
        if (!v) return undefined;
        if (v.type) return this.info(v.type, 'declared');
        if (v.init) return this.typeOf(v.init);
        return undefined;
      }
      case 'member_access_expression': {
        const obj = e.childForFieldName('expression');
        const name = simpleName(e);
        if (!obj) return undefined;
        if (obj.type === 'this' || obj.type === 'base') {
          const owner = this.enclosingType(e);
          const m = owner ? this.fileMembers(owner, name).find((x) => x.kind !== 'method') : undefined;
          return m?.type ? this.info(m.type, 'declared') : undefined;
        }
        return this.memberType(obj, name);
      }
      case 'conditional_access_expression': {
        const cond = e.childForFieldName('condition');
        const last = e.namedChildren.at(-1);
        if (!cond || last?.type !== 'member_binding_expression') return undefined;
        return this.memberType(cond, simpleName(last));
      }
      case 'invocation_expression':
        return this.returnTypeOf(e);
      case 'postfix_unary_expression':
        // `x!`: the null-forgiving operator changes nothing about the type.
        return e.text.endsWith('!') ? this.typeOf(e.namedChild(0)) : undefined;
      case 'object_creation_expression': {
        const t = typeFromNode(e.childForFieldName('type'));
        return t ? this.info(t, 'constructed') : undefined;
      }
      case 'implicit_object_creation_expression': {
        const t = this.targetTypeOf(e);
        return t ? this.info(t, 'constructed') : undefined;
      }
      case 'await_expression': {
        const inner = this.typeOf(e.namedChild(0));
        if (!inner || !isTaskType(inner.type)) return undefined;
        return this.info(awaitedType(inner.type), inner.via === 'assumed' ? 'assumed' : 'catalog');
      }
      case 'cast_expression': {
        const t = typeFromNode(e.childForFieldName('type'));
        return t ? this.info(t, 'declared') : undefined;
      }
      case 'as_expression': {
        const t = typeFromNode(e.childForFieldName('right'));
        return t ? this.info(t, 'declared') : undefined;
      }
      case 'string_literal':
      case 'interpolated_string_expression':
      case 'verbatim_string_literal':
      case 'raw_string_literal':
        return { type: { name: 'string', args: [] }, via: 'declared' };
      default:
        return undefined;
    }
  }

  /** The declared type an implicit `new()` builds: its variable's, field's or property's type. */
  private targetTypeOf(e: CsNode): CsType | undefined {
    const p = e.parent;
    if (p?.type === 'variable_declarator') return typeFromNode(p.parent?.childForFieldName('type'));
    if (p?.type === 'property_declaration') return typeFromNode(p.childForFieldName('type'));
    if (p?.type === 'assignment_expression') return this.typeOf(p.childForFieldName('left'))?.type;
    return undefined;
  }

  /** A name used as a type in expression position (`Task` in `Task.Delay`), when no variable has that name. */
  typeNamed(node: CsNode): { name: string; cat?: CatType; local?: TypeDecl; assumed?: boolean } | undefined {
    if (node.type !== 'identifier' && node.type !== 'generic_name' && node.type !== 'member_access_expression' && node.type !== 'predefined_type' && node.type !== 'qualified_name') return undefined;
    if (node.type === 'identifier' && this.lookup(node.text, node)) return undefined;
    if (node.type === 'member_access_expression') {
      // `System.Threading.Tasks.Task` written out, or `Outer.Nested`.
      if (!/^[A-Za-z_][\w.]*$/.test(node.text) || !/^[A-Z]/.test(simpleName(node))) return undefined;
      const head = node.text.split('.')[0] ?? '';
      if (this.lookup(head, node)) return undefined;
      const q = node.childForFieldName('expression')?.text;
      const t: CsType = { name: simpleName(node), args: [], ...(q ? { qualifier: q } : {}) };
      const r = this.resolveType(t);
      return r.cat || r.local ? { name: t.name, ...r } : undefined;
    }
    const t = typeFromNode(node);
    if (!t || !/^[A-Z]/.test(t.name)) return undefined;
    return { name: t.name, ...this.resolveType(t) };
  }

  /** The type of `obj.name` (a property or field). */
  private memberType(obj: CsNode, name: string): TypeInfo | undefined {
    const staticType = this.typeNamed(obj);
    if (staticType?.cat) {
      const found = csCatalog()?.findMember(staticType.cat, name);
      const sig = found ? overloadsOf(found.entry)[0] : undefined;
      if (sig?.returns && (sig.kind === 'property' || sig.kind === 'field')) return this.catalogType(substitute(sig.returns, found?.bindings ?? new Map()), staticType.cat.ns);
      return undefined;
    }
    if (staticType?.local) {
      const m = this.fileMembers(staticType.local, name).find((x) => x.kind !== 'method');
      return m?.type ? this.info(m.type, 'declared') : undefined;
    }
    const owner = this.typeOf(obj);
    if (!owner) return undefined;
    if (owner.cat) {
      const found = csCatalog()?.findMember(owner.cat, name, owner.type.args);
      const sig = found ? overloadsOf(found.entry)[0] : undefined;
      if (sig?.returns && (sig.kind === 'property' || sig.kind === 'field')) return this.catalogType(substitute(sig.returns, found?.bindings ?? new Map()), owner.cat.ns);
      return undefined;
    }
    if (owner.local) {
      const m = this.fileMembers(owner.local, name).find((x) => x.kind !== 'method');
      return m?.type ? this.info(m.type, 'declared') : undefined;
    }
    return undefined;
  }

  /** A type named in a catalog signature, resolved within the catalog (same namespace first). */
  catalogType(t: CsType, ns: string): TypeInfo {
    const catalog = csCatalog();
    const all = catalog?.typesNamed(t.name, t.args.length) ?? [];
    const cat = all.find((c) => c.ns === ns) ?? (all.length === 1 ? all[0] : undefined);
    return { type: t, ...(cat ? { cat } : {}), via: 'catalog' };
  }

  /** What a call calls (memoised per call node). */
  callInfo(call: CsNode): CallInfo {
    const key = nodeKey(call);
    const cached = this.callCache.get(key);
    if (cached) return cached;
    const info = this.callInfoUncached(call);
    this.callCache.set(key, info);
    return info;
  }

  private callInfoUncached(call: CsNode): CallInfo {
    const fn = call.childForFieldName('function');
    const name = fn ? simpleName(fn) : '';
    const receiver = receiverOf(call);
    const out: CallInfo = { name, ...(receiver ? { receiver } : {}) };
    if (!fn) return out;
    if (!receiver || receiver.type === 'this' || receiver.type === 'base') {
      // A bare call: a local function, a method of this type (or its bases here), or a `using static` import.
      const localFn = this.localFunction(name, call);
      if (localFn) return { ...out, decls: [localFn] };
      const owner = this.enclosingType(call);
      const decls = owner ? this.fileMembers(owner, name).filter((m) => m.kind === 'method') : [];
      if (decls.length) return { ...out, decls };
      if (!receiver) {
        for (const s of this.staticImports) {
          const t = parseTypeText(s);
          const r = t ? this.resolveType(t) : {};
          const found = r.cat ? csCatalog()?.findMember(r.cat, name) : undefined;
          if (found && r.cat) return { ...out, staticType: { name: r.cat.name, cat: r.cat }, catalog: found };
        }
      }
      return out;
    }
    const staticType = this.typeNamed(receiver);
    if (staticType) {
      out.staticType = staticType;
      if (staticType.cat) {
        const found = csCatalog()?.findMember(staticType.cat, name);
        if (found) out.catalog = found;
      } else if (staticType.local) {
        out.decls = this.fileMembers(staticType.local, name).filter((m) => m.kind === 'method');
      }
      return out;
    }
    const rt = this.typeOf(receiver);
    if (rt) {
      out.receiverType = rt;
      if (rt.cat) {
        const catalog = csCatalog();
        const found = catalog?.findMember(rt.cat, name, rt.type.args);
        if (found) out.catalog = found;
        else {
          const ext = catalog?.extensionsFor(name, catalog.lineage(rt.cat).map((t) => t.name)) ?? [];
          if (ext.length) out.extensions = ext;
        }
      } else if (rt.local) {
        const decls = this.fileMembers(rt.local, name).filter((m) => m.kind === 'method');
        if (decls.length) out.decls = decls;
      }
    }
    return out;
  }

  /** A local function named `name` visible from `at`. */
  private localFunction(name: string, at: CsNode): MemberDecl | undefined {
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      const body = functionBody(fn);
      if (!body) continue;
      for (const lf of descendantsInScope(body, new Set(['local_function_statement']))) {
        if (lf.childForFieldName('name')?.text !== name) continue;
        return { kind: 'local-function', name, type: typeFromNode(returnTypeNode(lf)), params: this.paramsOf(lf), isAsync: modifiersOf(lf).includes('async'), isStatic: false, node: lf };
      }
    }
    return undefined;
  }

  /** Catalog overloads (or this file's declarations) a call may bind to, as signatures. */
  signaturesOf(call: CsNode): CsSignature[] {
    const info = this.callInfo(call);
    if (info.catalog) {
      // `Process.Start(...)` binds only the static overloads, `process.Start()` only the instance ones.
      const all = overloadsOf(info.catalog.entry).filter((s) => s.kind === 'method');
      const wanted = info.staticType ? all.filter((s) => s.isStatic) : info.receiverType ? all.filter((s) => !s.isStatic) : all;
      return wanted.length ? wanted : all;
    }
    if (info.extensions) return info.extensions.flatMap((e) => overloadsOf(e)).filter((s) => s.kind === 'method' && s.params[0]?.isThis).map((s) => ({ ...s, params: s.params.slice(1) }));
    return [];
  }

  /** The return type of a call, where its declaration (here or in the catalog) states it. */
  returnTypeOf(call: CsNode): TypeInfo | undefined {
    const info = this.callInfo(call);
    if (info.decls?.length) {
      const types = info.decls.map((d) => d.type);
      const first = types[0];
      if (first && types.every((t) => t && t.name === first.name && t.args.length === first.args.length)) return this.info(first, 'file');
      return undefined;
    }
    const sigs = this.signaturesOf(call);
    if (sigs.length === 0 || !sigs[0]?.returns) return undefined;
    const ns = info.catalog?.owner.ns ?? info.staticType?.cat?.ns ?? info.receiverType?.cat?.ns ?? 'System';
    const bindings = info.catalog?.bindings ?? new Map<string, CsType>();
    // Overloads rarely differ in return type; when they do, only the Task-ness (shared by all) is kept.
    const returns = sigs.map((s) => s.returns).filter((r): r is CsType => !!r);
    const same = returns.every((r) => r.name === returns[0]?.name && r.args.length === returns[0]?.args.length);
    if (!same) {
      if (returns.every((r) => isTaskType(r))) return { type: { name: 'Task', args: [] }, via: 'catalog' };
      return undefined;
    }
    const callArgs = typeArgsOf(call);
    const sig = sigs[0] as CsSignature;
    const methodParams = /<([^>(]*)>\s*\(/.exec(sig.text)?.[1]?.split(',').map((s) => s.trim()) ?? [];
    const b = new Map(bindings);
    methodParams.forEach((p, i) => {
      const a = callArgs[i];
      if (a) b.set(p, a);
    });
    return this.catalogType(substitute(returns[0] as CsType, b), ns);
  }

  /**
   * Whether a call returns a task: `certain` when this file or the catalog declares it (`Task`, `ValueTask`),
   * `likely` when nothing resolves it but its name ends in `Async` (the .NET naming convention), else undefined.
   */
  taskness(call: CsNode): 'certain' | 'likely' | undefined {
    const info = this.callInfo(call);
    if (info.decls?.length) return info.decls.every((d) => isTaskType(d.type)) ? 'certain' : undefined;
    const sigs = this.signaturesOf(call);
    if (sigs.length) return sigs.every((s) => isTaskType(s.returns)) ? 'certain' : undefined;
    if (info.catalog || info.staticType?.cat) return undefined;
    // A resolved receiver type that the catalog covers but without this member: unknown, not a task.
    if (info.receiverType?.cat && !info.extensions) return undefined;
    return /Async$/.test(info.name) ? 'likely' : undefined;
  }

  /** What `taskness` (and a call's return type) rests on: this file's declaration, the catalog, or the `Async` name. */
  callBasis(call: CsNode): Basis {
    const info = this.callInfo(call);
    if (info.decls?.length) return { kind: 'declared-type', detail: `\`${info.name}\` as declared in this file: \`${info.decls[0]?.node.text.split('\n')[0]?.replace(/\s*\{.*$/, '').slice(0, 80)}\`` };
    const sig = this.signaturesOf(call)[0];
    const owner = info.catalog?.owner.id ?? info.staticType?.cat?.id ?? info.receiverType?.cat?.id;
    if (sig) return { kind: 'catalog', detail: `\`${sig.text.replace(/^public\s+/, '')}\`${owner ? ` on ${owner}` : ''} (.NET reference packs)` };
    return { kind: 'name', detail: `\`${info.name}\` ends in Async, the .NET naming convention for task-returning methods` };
  }

  /** What an expression's task-ness rests on. */
  exprBasis(expr: CsNode): Basis {
    const e = unparen(expr);
    if (e.type === 'invocation_expression') return this.callBasis(e);
    const t = this.typeOf(e);
    if (t) return t.via === 'catalog' ? { kind: 'catalog', detail: `\`${e.text}\` is a ${t.type.name} (.NET reference packs)` } : { kind: 'declared-type', detail: `\`${e.text}\` is declared as ${t.type.name}${t.type.args.length ? '<...>' : ''}` };
    const init = e.type === 'identifier' ? this.lookup(e.text, e)?.init : undefined;
    if (init && unparen(init).type === 'invocation_expression') return this.callBasis(unparen(init));
    return { kind: 'name' };
  }

  /** The expression is a task value: a task-typed variable, property or call. */
  isTaskExpression(expr: CsNode): 'certain' | 'likely' | undefined {
    const e = unparen(expr);
    if (e.type === 'invocation_expression') return this.taskness(e);
    const t = this.typeOf(e);
    if (!t && e.type === 'identifier') {
      // `var t = SendAsync();`: the local is as much a task as the call that made it.
      const init = this.lookup(e.text, e)?.init;
      if (init && unparen(init).type === 'invocation_expression') return this.taskness(unparen(init));
    }
    return t && isTaskType(t.type) ? 'certain' : undefined;
  }
}

/** The initializer of a variable declarator (`x = <init>`). */
export function declaratorInit(d: CsNode): CsNode | undefined {
  const name = d.childForFieldName('name');
  return d.namedChildren.filter((c): c is CsNode => c !== null && !sameNode(c, name) && c.type !== 'bracketed_argument_list').at(-1);
}

/** Explicit type arguments of a call (`Run<int>(...)`). */
function typeArgsOf(call: CsNode): CsType[] {
  const fn = call.childForFieldName('function');
  const g = fn?.type === 'generic_name' ? fn : fn?.childForFieldName('name');
  if (g?.type !== 'generic_name') return [];
  return (typeFromNode(g)?.args ?? []);
}
