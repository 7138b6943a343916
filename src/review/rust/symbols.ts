/**
 * The per-file symbol table the Rust rules read: `use` imports (aliases, lists, globs), which fns and methods the file
 * declares async, struct field and static types, and the declared or constructed type of a local binding. Types are
 * kept as the resolved path of the type that matters, seen through `Arc`, `Rc`, `Box` and references:
 * `Arc<tokio::sync::Mutex<T>>` is `tokio::sync::Mutex`. What the file does not spell out stays unknown.
 */
import { rsEntry } from './catalog.js';
import type { RsNode } from './syntax.js';
import { boundNames, calleeOf, frameOf, lastSegment, pathText, throughUnwrap } from './syntax.js';

/** Free fns whose return type the rules need and the constructor naming rule cannot guess (std's docs). */
const FREE_FN_RETURNS = new Map([
  ['std::thread::spawn', 'std::thread::JoinHandle'],
  ['std::io::stdin', 'std::io::Stdin'],
  ['tokio::spawn', 'tokio::task::JoinHandle'],
  ['tokio::task::spawn', 'tokio::task::JoinHandle'],
]);

/** Crates whose paths are absolute even without a `use`. */
const ROOTS = new Set(['std', 'core', 'alloc', 'tokio', 'futures', 'tokio_util', 'parking_lot', 'async_std', 'reqwest', 'crossbeam_channel', 'crossbeam', 'hyper', 'pollster', 'smol', 'tower', 'anyhow', 'tracing', 'log', 'serde', 'serde_json', 'sqlx', 'rayon']);
/** Wrappers a type is seen through. */
const WRAPPERS = new Set(['Arc', 'Rc', 'Box', 'Cow', 'Pin', 'Option', 'RefCell', 'Cell', 'LazyLock', 'OnceLock', 'Lazy', 'OnceCell', 'ManuallyDrop']);
/** Of those, the ones that do not deref to what they hold: a method called on one is the wrapper's, not the type's. */
const OPAQUE_WRAPPERS = new Set(['Option', 'RefCell', 'Cell', 'OnceLock', 'OnceCell']);

export interface TypeFact {
  /** Resolved path of the type: `std::sync::Mutex`, `tokio::sync::mpsc::Receiver`, or the bare name when unresolved. */
  path: string;
  /** How it is known: a written type (`declared`) or a constructor call (`constructed`). */
  how: 'declared' | 'constructed';
  /** 1-based line of the declaration, for messages. */
  line: number;
  /** Seen through a wrapper that does not deref (`Option<Instant>`): its methods are the wrapper's, not the type's. */
  opaque?: boolean;
}

export interface AsyncDecl {
  name: string;
  line: number;
  /** The written return type (`Result<(), Error>`), if any. */
  returns?: string;
}

export class RsFile {
  /** Local name -> full path, from `use` declarations (`Mutex` -> `tokio::sync::Mutex`). */
  readonly imports = new Map<string, string>();
  /** Modules imported with `::*`. */
  readonly globs: string[] = [];
  /** Free fns by name, async or not (a name declared both ways is ambiguous and left out). */
  readonly asyncFns = new Map<string, AsyncDecl>();
  readonly syncFns = new Set<string>();
  /** Methods (in impl and trait blocks) by name. */
  readonly asyncMethods = new Map<string, AsyncDecl>();
  readonly syncMethods = new Set<string>();
  /** The same, keyed `Type::method` by the type of the `impl` block that declares them (`Repo::save`). */
  readonly asyncByType = new Map<string, AsyncDecl>();
  readonly syncByType = new Set<string>();
  /** Fn items (free fns and methods) by name; null when the file declares the name more than once. */
  readonly fnItems = new Map<string, RsNode | null>();
  /** Struct fields and statics by name (a name declared with two different types is left out). */
  readonly fieldTypes = new Map<string, TypeFact | null>();
  readonly staticTypes = new Map<string, TypeFact>();
  /** Does the file bring an extension trait (`...Ext`) or a glob into scope (members may come from it)? */
  hasExtensionImports = false;
  /** Does the file implement a trait for some type (`impl MyExt for TcpStream`): members the catalog cannot know? */
  declaresTraitImpls = false;
  /** Type aliases by name (`type Db = Arc<Mutex<HashMap<..>>>;`): the type node they stand for; null when declared twice. */
  readonly aliases = new Map<string, RsNode | null>();
  private readonly localCache = new Map<number, Map<string, TypeFact | null>>();
  private callsByName: Map<string, RsNode[]> | undefined;

  constructor(readonly root: RsNode, readonly code: string) {
    // Aliases first: field, static and parameter types below may be written through them.
    for (const n of root.descendantsOfType('type_item')) {
      const name = n?.childForFieldName('name')?.text;
      const t = n?.childForFieldName('type');
      if (name && t) this.aliases.set(name, this.aliases.has(name) ? null : t);
    }
    for (const n of root.descendantsOfType(['use_declaration', 'function_item', 'function_signature_item', 'field_declaration', 'static_item', 'const_item'])) {
      if (!n) continue;
      switch (n.type) {
        case 'use_declaration': {
          const arg = n.childForFieldName('argument');
          if (arg) this.readUse(arg, '');
          break;
        }
        case 'function_item':
        case 'function_signature_item':
          this.readFn(n);
          break;
        case 'field_declaration': {
          const name = n.childForFieldName('name')?.text;
          const t = this.typeOfTypeNode(n.childForFieldName('type'));
          if (!name || !t) break;
          const prev = this.fieldTypes.get(name);
          if (prev === undefined) this.fieldTypes.set(name, { ...t, line: n.startPosition.row + 1 });
          else if (prev !== null && prev.path !== t.path) this.fieldTypes.set(name, null);
          break;
        }
        default: {
          const name = n.childForFieldName('name')?.text;
          const t = this.typeOfTypeNode(n.childForFieldName('type')) ?? this.typeOfValue(n.childForFieldName('value'));
          if (name && t) this.staticTypes.set(name, { ...t, line: n.startPosition.row + 1 });
        }
      }
    }
    for (const [local, full] of this.imports) if (/Ext$/.test(local) || /Ext$/.test(full)) this.hasExtensionImports = true;
    this.declaresTraitImpls = root.descendantsOfType('impl_item').some((i) => !!i?.childForFieldName('trait'));
    if (this.globs.length) this.hasExtensionImports = true;
  }

  private readUse(n: RsNode, prefix: string): void {
    const join = (a: string, b: string) => (a ? `${a}::${b}` : b);
    switch (n.type) {
      case 'identifier':
      case 'scoped_identifier':
      case 'crate':
      case 'super':
      case 'self': {
        const p = pathText(n);
        if (n.type === 'self') {
          if (prefix) this.imports.set(lastSegment(prefix), prefix);
          return;
        }
        const full = join(prefix, p);
        this.imports.set(lastSegment(full), full);
        return;
      }
      case 'use_as_clause': {
        const path = n.childForFieldName('path');
        const alias = n.childForFieldName('alias')?.text;
        if (path && alias && alias !== '_') this.imports.set(alias, join(prefix, pathText(path)));
        else if (path && alias === '_') this.hasExtensionImports = true; // `use Trait as _;` brings methods only
        return;
      }
      case 'use_wildcard': {
        const inner = n.namedChild(0);
        this.globs.push(inner ? join(prefix, pathText(inner)) : prefix);
        return;
      }
      case 'scoped_use_list': {
        const path = n.childForFieldName('path');
        const list = n.childForFieldName('list');
        const p = path ? join(prefix, pathText(path)) : prefix;
        for (const k of list?.namedChildren ?? []) if (k) this.readUse(k, p);
        return;
      }
      case 'use_list':
        for (const k of n.namedChildren) if (k) this.readUse(k, prefix);
        return;
      default:
        return;
    }
  }

  private readFn(n: RsNode): void {
    const name = n.childForFieldName('name')?.text;
    if (!name) return;
    const isAsync = n.namedChildren.some((c) => c?.type === 'function_modifiers' && /\basync\b/.test(c.text));
    const inImpl = n.parent?.type === 'declaration_list';
    const ret = n.childForFieldName('return_type')?.text;
    const decl: AsyncDecl = { name, line: n.startPosition.row + 1, ...(ret ? { returns: ret } : {}) };
    if (n.type === 'function_item') this.fnItems.set(name, this.fnItems.has(name) ? null : n);
    const [asyncs, syncs] = inImpl ? [this.asyncMethods, this.syncMethods] : [this.asyncFns, this.syncFns];
    // A sync fn returning `impl Future` or a boxed future is as good as async for "the result must be awaited".
    const futureReturning = !!ret && /^(impl\s+(std::future::|core::future::|futures::)?Future\b|BoxFuture\b|Pin<Box<dyn\s+(std::future::)?Future)/.test(ret);
    if (isAsync || futureReturning) asyncs.set(name, decl);
    else syncs.add(name);
    const implType = inImpl && n.parent?.parent?.type === 'impl_item' ? n.parent.parent.childForFieldName('type') : null;
    if (implType) {
      const key = `${lastSegment(pathText(implType))}::${name}`;
      if (isAsync || futureReturning) this.asyncByType.set(key, decl);
      else this.syncByType.add(key);
    }
  }

  /**
   * The calls of this file that may call the fn item `fn`, outside the fn itself: a local path (`name(..)`,
   * `Self::name(..)`, `self::name(..)`, `Type::name(..)` for a type of this file) or a method call on `self`. A method
   * call on another receiver may be another type's method of the same name, so it is not counted. Undefined when the
   * file declares the name more than once (which fn a call means is unknown).
   */
  callSitesOf(fn: RsNode): RsNode[] | undefined {
    const name = fn.childForFieldName('name')?.text;
    if (!name || this.fnItems.get(name)?.id !== fn.id) return undefined;
    if (!this.callsByName) {
      this.callsByName = new Map();
      for (const call of this.root.descendantsOfType('call_expression')) {
        const c = call ? calleeOf(call) : undefined;
        if (!call || !c) continue;
        if (c.kind === 'method' ? c.receiver?.type !== 'self' : this.resolvePath(c.name) !== undefined) continue;
        const key = lastSegment(c.name);
        const list = this.callsByName.get(key) ?? [];
        list.push(call);
        this.callsByName.set(key, list);
      }
    }
    return (this.callsByName.get(name) ?? []).filter((call) => call.startIndex < fn.startIndex || call.endIndex > fn.endIndex);
  }

  /**
   * For a node in the body of a sync fn of this file (not inside a closure or async block of it), the first call of
   * that fn made directly from async code in this file: the sync fn then runs on a runtime worker. Undefined when
   * there is none.
   */
  asyncCallerOf(node: RsNode): RsNode | undefined {
    let fn: RsNode | null = null;
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'closure_expression' || p.type === 'async_block') return undefined;
      if (p.type === 'function_item') {
        fn = p;
        break;
      }
    }
    if (!fn || frameOf(node).async) return undefined;
    return this.callSitesOf(fn)?.find((call) => frameOf(call).async);
  }

  /** An async method the file declares on the type named `typeName` (a type of this file: an unresolved bare name). */
  private asyncOnType(typeName: string, method: string): AsyncDecl | undefined {
    if (typeName.includes('::')) return undefined; // imported: the impl seen here may be another type's
    const key = `${typeName}::${method}`;
    return this.syncByType.has(key) ? undefined : this.asyncByType.get(key);
  }

  /** Full path of a path as written, through the file's imports; undefined for a local item or an unknown root. */
  resolvePath(written: string): string | undefined {
    const p = written.replace(/^::/, '');
    const segs = p.split('::');
    const head = segs[0] ?? '';
    if (head === 'crate' || head === 'self' || head === 'super' || head === 'Self') return undefined;
    const imported = this.imports.get(head);
    if (imported) return [imported, ...segs.slice(1)].join('::');
    if (ROOTS.has(head) && segs.length > 1) return p;
    return undefined;
  }

  /** The type path of a type node, through references and wrappers. */
  typeOfTypeNode(t: RsNode | null | undefined): Omit<TypeFact, 'line'> | undefined {
    let n = t;
    let opaque = false;
    for (let depth = 0; n && depth < 6; depth++) {
      switch (n.type) {
        case 'reference_type':
        case 'pointer_type':
          n = n.childForFieldName('type');
          continue;
        case 'generic_type': {
          const base = n.childForFieldName('type');
          const name = base ? pathText(base) : '';
          const first = n.childForFieldName('type_arguments')?.namedChildren.find((c) => c && c.type !== 'lifetime');
          if (WRAPPERS.has(lastSegment(name)) && first) {
            if (OPAQUE_WRAPPERS.has(lastSegment(name))) opaque = true;
            n = first;
            continue;
          }
          const alias = this.aliases.get(name);
          if (alias) {
            n = alias;
            continue;
          }
          return { path: this.resolvePath(name) ?? name, how: 'declared', ...(opaque ? { opaque } : {}) };
        }
        case 'type_identifier':
        case 'scoped_type_identifier': {
          const name = pathText(n);
          const alias = this.aliases.get(name);
          if (alias) {
            n = alias;
            continue;
          }
          return { path: this.resolvePath(name) ?? name, how: 'declared', ...(opaque ? { opaque } : {}) };
        }
        default:
          return undefined;
      }
    }
    return undefined;
  }

  /**
   * The type a value constructs: `Mutex::new(..)` is `Mutex` resolved, `Arc::new(x)` is x's, `File::open(p)?` is
   * `File`; `mpsc::channel()` gives its receiver for a tuple pattern (see `localTypes`).
   */
  typeOfValue(v: RsNode | null | undefined, scope?: Map<string, TypeFact | null>): Omit<TypeFact, 'line'> | undefined {
    if (!v) return undefined;
    const n = throughUnwrap(v);
    if (n.type === 'await_expression') return undefined;
    if (n.type === 'identifier' && scope) {
      const t = scope.get(n.text);
      return t ? { path: t.path, how: t.how, ...(t.opaque ? { opaque: true } : {}) } : undefined;
    }
    if (n.type === 'struct_expression') return undefined;
    if (n.type !== 'call_expression') return undefined;
    const c = calleeOf(n);
    if (!c) return undefined;
    if (c.kind === 'method') {
      if (c.name === 'clone' && c.receiver) return this.typeOfValue(c.receiver, scope);
      // `OpenOptions::new().append(true).open(p)?` is a `File` of the same module (std::fs or tokio::fs).
      if (c.name === 'open' && c.receiver) {
        let r: RsNode = c.receiver;
        for (let rc = calleeOf(r); r.type === 'call_expression' && rc?.kind === 'method' && rc.receiver; rc = calleeOf(r)) r = rc.receiver;
        const root = r.type === 'call_expression' ? calleeOf(r) : undefined;
        const full = root?.kind === 'path' ? this.resolvePath(root.name) : undefined;
        const m = full ? /^(std::fs|tokio::fs)::OpenOptions::new$/.exec(full) : null;
        if (m) return { path: `${m[1]}::File`, how: 'constructed' };
      }
      return undefined;
    }
    const segs = c.name.split('::');
    const fnName = segs.at(-1) ?? '';
    const typeName = segs.slice(0, -1).join('::');
    if (!typeName) return undefined;
    const known = FREE_FN_RETURNS.get(this.resolvePath(c.name) ?? '');
    if (known) return { path: known, how: 'constructed' };
    // `Arc::clone(&state)`, `Rc::clone(&x)`: the same value as the argument.
    if (WRAPPERS.has(lastSegment(typeName)) && fnName === 'clone') {
      const arg = n.childForFieldName('arguments')?.namedChild(0);
      const inner = arg?.type === 'reference_expression' ? arg.namedChild(arg.namedChildCount - 1) : arg;
      return this.typeOfValue(inner, scope);
    }
    if (WRAPPERS.has(lastSegment(typeName)) && fnName === 'new') {
      const arg = n.childForFieldName('arguments')?.namedChild(0);
      const inner = this.typeOfValue(arg, scope);
      return inner && OPAQUE_WRAPPERS.has(lastSegment(typeName)) ? { ...inner, opaque: true } : inner;
    }
    if (/^(new|open|create|connect|bind|with_capacity|default|from|builder|const_new|new_with|options|current)$/.test(fnName) || /^(new|with|from)_/.test(fnName)) {
      const path = this.resolvePath(typeName) ?? typeName;
      // `Runtime::new()` is an `io::Result<Runtime>`: used as it is (no `?`, `unwrap`), the value is the wrapper.
      if (n.id === v.id && wrapsResult(`${path}::${fnName}`)) return undefined;
      return { path, how: 'constructed' };
    }
    return undefined;
  }

  /** Names bound in a fn (parameters, lets, `for` patterns) with their types, as far as the file spells them out. */
  private localTypes(fn: RsNode): Map<string, TypeFact | null> {
    const cached = this.localCache.get(fn.id);
    if (cached) return cached;
    const scope = new Map<string, TypeFact | null>();
    const set = (name: string, t: Omit<TypeFact, 'line'> | undefined, line: number) => {
      const prev = scope.get(name);
      if (!t) {
        if (prev !== undefined) scope.set(name, null); // shadowed by something we cannot type
        return;
      }
      if (prev && prev.path !== t.path) scope.set(name, null);
      else scope.set(name, { ...t, line });
    };
    const nodes = fn.descendantsOfType(['parameter', 'let_declaration', 'closure_parameters']);
    for (const n of nodes) {
      if (!n) continue;
      const line = n.startPosition.row + 1;
      if (n.type === 'parameter') {
        for (const name of boundNames(n.childForFieldName('pattern'))) set(name, this.typeOfTypeNode(n.childForFieldName('type')), line);
      } else if (n.type === 'let_declaration') {
        const pat = n.childForFieldName('pattern');
        const declared = this.typeOfTypeNode(n.childForFieldName('type'));
        const value = n.childForFieldName('value');
        if (pat?.type === 'tuple_pattern' && value) {
          const pair = this.channelPair(value);
          const names = pat.namedChildren.map((k) => (k ? boundNames(k) : []));
          if (pair && names.length === 2) {
            for (const name of names[0] ?? []) set(name, { path: pair[0], how: 'constructed' }, line);
            for (const name of names[1] ?? []) set(name, { path: pair[1], how: 'constructed' }, line);
            continue;
          }
        }
        const t = declared ?? this.typeOfValue(value, scope);
        for (const name of boundNames(pat)) set(name, t, line);
      }
    }
    this.localCache.set(fn.id, scope);
    return scope;
  }

  /** `(Sender, Receiver)` paths for a channel constructor call (`mpsc::channel()`, `std::sync::mpsc::sync_channel(8)`). */
  channelPair(value: RsNode): [string, string] | undefined {
    const n = throughUnwrap(value);
    if (n.type !== 'call_expression') return undefined;
    const c = calleeOf(n);
    if (c?.kind !== 'path') return undefined;
    const full = this.resolvePath(c.name);
    if (!full) return undefined;
    const m = /^(.*)::(channel|sync_channel|unbounded_channel|unbounded|bounded)$/.exec(full);
    if (!m) return undefined;
    const mod = m[1] as string;
    if (m[2] === 'unbounded_channel') return [`${mod}::UnboundedSender`, `${mod}::UnboundedReceiver`];
    if (m[2] === 'sync_channel') return [`${mod}::SyncSender`, `${mod}::Receiver`];
    if (mod.endsWith('::oneshot')) return [`${mod}::Sender`, `${mod}::Receiver`];
    return [`${mod}::Sender`, `${mod}::Receiver`];
  }

  /** The type of a receiver expression: a local or parameter, `self.field`, a static, or a constructor call. */
  typeOfExpr(e: RsNode | null | undefined): TypeFact | undefined {
    if (!e) return undefined;
    const n = throughUnwrap(e);
    if (n.type === 'identifier') {
      const fn = enclosingFn(n);
      if (fn) {
        const local = this.localTypes(fn).get(n.text);
        if (local !== undefined) return local ?? undefined;
      }
      return this.staticTypes.get(n.text);
    }
    if (n.type === 'field_expression') {
      const field = n.childForFieldName('field')?.text;
      return field ? (this.fieldTypes.get(field) ?? undefined) : undefined;
    }
    if (n.type === 'call_expression') {
      const c = calleeOf(n);
      if (c?.kind === 'method' && (c.name === 'clone' || c.name === 'as_ref' || c.name === 'borrow')) return this.typeOfExpr(c.receiver);
      const t = this.typeOfValue(n);
      return t ? { ...t, line: n.startPosition.row + 1 } : undefined;
    }
    if (n.type === 'reference_expression' || n.type === 'unary_expression') return this.typeOfExpr(n.namedChild(n.namedChildCount - 1));
    return undefined;
  }

  /**
   * What awaiting this call yields when that is a `Result`: a local async fn declared to return one, or a catalogued
   * async fn (`tokio::fs::write`) or method on a typed receiver whose signature returns one. Undefined otherwise.
   */
  awaitedResult(call: RsNode): string | undefined {
    const decl = this.asyncCallee(call);
    if (decl) return isResultType(decl.returns) ? `\`${decl.name}\` (declared \`-> ${decl.returns}\`, line ${decl.line})` : undefined;
    const c = calleeOf(call);
    if (!c) return undefined;
    if (c.kind === 'path') {
      const full = this.resolvePath(c.name);
      return full && catalogAsyncResult(full) ? `\`${full}\`` : undefined;
    }
    const t = this.typeOfExpr(c.receiver);
    return t && !t.opaque && catalogAsyncResult(`${t.path}::${c.name}`) ? `\`${t.path}::${c.name}\`` : undefined;
  }

  /** The local async fn or method a call names, when the file declares it async and nothing else under that name. */
  asyncCallee(call: RsNode): AsyncDecl | undefined {
    const c = calleeOf(call);
    if (!c) return undefined;
    if (c.kind === 'path') {
      const segs = c.name.split('::');
      const name = segs.at(-1) ?? '';
      if (segs.length === 1) return this.syncFns.has(name) || this.imports.has(name) ? undefined : this.asyncFns.get(name);
      if (segs[0] === 'Self' && segs.length === 2) return this.syncMethods.has(name) ? undefined : this.asyncMethods.get(name);
      if (segs.length === 2) return this.asyncOnType(segs[0] as string, name);
      if ((segs[0] === 'self' || segs[0] === 'crate' || segs[0] === 'super') && !this.syncFns.has(name)) return this.asyncFns.get(name);
      return undefined;
    }
    // `self.method()` on the file's own type when no sync method of that name exists; another receiver when its
    // type is one the file declares and that type's impl has the method async.
    if (c.receiver?.type === 'self') return this.syncMethods.has(c.name) ? undefined : this.asyncMethods.get(c.name);
    const t = this.typeOfExpr(c.receiver);
    return t ? this.asyncOnType(t.path, c.name) : undefined;
  }
}

/** A written return type that is a `Result` (`Result<..>`, `io::Result<..>`, `anyhow::Result<..>`, an alias `AppResult<..>`). */
export function isResultType(t: string | undefined): boolean {
  return !!t && /^(?:[A-Za-z_]\w*::)*[A-Za-z_]*Result\b/.test(t.trim());
}

/** Does a catalogued fn or method's signature make an `async fn` that returns a `Result`? */
export function catalogAsyncResult(path: string): boolean {
  return (rsEntry(path)?.signature ?? []).some((sig) => /^(pub\s+)?async\s+fn\b/.test(sig) && /->\s*((std::|crate::)?(io::)?Result)\b/.test(sig));
}

/** Does the catalog's signature of this constructor return a `Result` or an `Option` around the type? */
function wrapsResult(path: string): boolean {
  return (rsEntry(path)?.signature ?? []).some((sig) => /->\s*((std::|crate::)?(io::)?Result|Option|Poll)\b/.test(sig));
}

/** The fn item (or closure, for closure parameters) a node's locals live in: the outermost enclosing fn item. */
export function enclosingFn(node: RsNode): RsNode | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_item') return p;
  return null;
}

export { lastSegment };
