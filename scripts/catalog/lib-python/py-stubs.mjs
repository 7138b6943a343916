// Evaluates typeshed stubs (.pyi) for one Python version and platform at a time: which names a module exposes as
// attributes, where each is defined, and which members its classes have. Parsing uses web-tree-sitter with the
// tree-sitter-python grammar (pure wasm, no native build). Build-time only: never imported by src/.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Parser, Language } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

/** Root of the typeshed stdlib stubs bundled in the pyright devDependency. */
export function typeshedStdlibDir() {
  const pyrightPkg = require.resolve('pyright/package.json');
  return path.join(path.dirname(pyrightPkg), 'dist', 'typeshed-fallback', 'stdlib');
}

export function pyrightVersion() {
  return JSON.parse(readFileSync(require.resolve('pyright/package.json'), 'utf8')).version;
}

let parserPromise;
async function getParser() {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasm = path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm');
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** Parses typeshed's VERSIONS file: module -> { min: [3, N], max?: [3, N] }. */
function parseVersionsFile(stdlibDir) {
  const ranges = new Map();
  for (const raw of readFileSync(path.join(stdlibDir, 'VERSIONS'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^([\w.]+):\s*(\d+)\.(\d+)-(?:(\d+)\.(\d+))?$/.exec(line);
    if (!m) throw new Error(`Unparsed VERSIONS line: ${raw}`);
    ranges.set(m[1], { min: [Number(m[2]), Number(m[3])], max: m[4] ? [Number(m[4]), Number(m[5])] : undefined });
  }
  return ranges;
}

function compareTuples(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0; // (3, 11) vs (3, 11, 0): missing parts compare as equal-or-smaller, as Python's tuple order
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Normalises the text of a declaration to one line: black-formatted stubs wrap long parameter lists. */
export function oneLine(text) {
  return text
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\[\s+/g, '[')
    .replace(/,\s*\)/g, ')')
    .replace(/,\s*\]/g, ']')
    .replace(/\s+\)/g, ')')
    .replace(/\s+\]/g, ']')
    .trim();
}

export class StubWorld {
  /** @param {string} stdlibDir */
  constructor(stdlibDir, parser) {
    this.stdlibDir = stdlibDir;
    this.parser = parser;
    this.ranges = parseVersionsFile(stdlibDir);
    /** module name -> { file, tree } */
    this.files = new Map();
    /** `${module}|${version}|${platform}` -> evaluated namespace */
    this.cache = new Map();
  }

  static async create(stdlibDir = typeshedStdlibDir()) {
    return new StubWorld(stdlibDir, await getParser());
  }

  /** The stub file of a module, or undefined when typeshed has none. */
  fileOf(moduleName) {
    const parts = moduleName.split('.');
    const asPackage = path.join(this.stdlibDir, ...parts, '__init__.pyi');
    if (existsSync(asPackage)) return { file: asPackage, isPackage: true };
    const asModule = path.join(this.stdlibDir, ...parts) + '.pyi';
    if (existsSync(asModule)) return { file: asModule, isPackage: false };
    return undefined;
  }

  relativeFile(file) {
    return path.relative(path.dirname(this.stdlibDir), file).split(path.sep).join('/');
  }

  parsed(moduleName) {
    let entry = this.files.get(moduleName);
    if (!entry) {
      const found = this.fileOf(moduleName);
      if (!found) return undefined;
      const tree = this.parser.parse(readFileSync(found.file, 'utf8'));
      if (!tree) throw new Error(`tree-sitter returned no tree for ${found.file}`);
      if (tree.rootNode.hasError) throw new Error(`Parse errors in ${found.file}`);
      entry = { ...found, tree, rel: this.relativeFile(found.file) };
      this.files.set(moduleName, entry);
    }
    return entry;
  }

  /** True when typeshed's VERSIONS says the module exists at this version (the most specific listed prefix decides). */
  moduleAvailable(moduleName, version) {
    const parts = moduleName.split('.');
    for (let i = parts.length; i > 0; i--) {
      const range = this.ranges.get(parts.slice(0, i).join('.'));
      if (!range) continue;
      if (compareTuples(version, range.min) < 0) return false;
      if (range.max && compareTuples(version, range.max) > 0) return false;
      return true;
    }
    return false;
  }

  /**
   * Evaluates a module for one (version, platform). Returns undefined when the module does not exist there.
   * Result: { name, rel, names: Map<string, Binding>, all?: string[] }.
   * Binding: { name, exported, target } where target is a Definition:
   *   { type: 'class'|'function'|'variable'|'module', module, rel, nodes, ... }.
   */
  module(moduleName, version, platform) {
    const key = `${moduleName}|${version.join('.')}|${platform}`;
    if (this.cache.has(key)) return this.cache.get(key);
    if (!this.moduleAvailable(moduleName, version)) {
      this.cache.set(key, undefined);
      return undefined;
    }
    const parsed = this.parsed(moduleName);
    if (!parsed) {
      this.cache.set(key, undefined);
      return undefined;
    }
    const ns = { name: moduleName, rel: parsed.rel, isPackage: parsed.isPackage, names: new Map(), all: undefined };
    this.cache.set(key, ns); // set before walking: import cycles (asyncio <-> asyncio.events) see a partial namespace
    const ctx = { moduleName, version, platform, ns, rel: parsed.rel, isPackage: parsed.isPackage };
    ns.walking = true;
    this.walkBlock(parsed.tree.rootNode.namedChildren, ctx, ns.names, false);
    ns.walking = false;
    // A name in __all__ is exported even when imported without `as` (asyncio.futures.future_add_to_awaited_by).
    for (const n of ns.all ?? []) {
      const b = ns.names.get(n);
      if (b) b.exported = true;
    }
    return ns;
  }

  /** Evaluates a gate condition (`sys.version_info >= (3, 11)`, `sys.platform == "win32"`, and/or/not). */
  evalCondition(node, ctx) {
    switch (node.type) {
      case 'parenthesized_expression':
        return this.evalCondition(node.namedChildren[0], ctx);
      case 'not_operator':
        return !this.evalCondition(node.childForFieldName('argument'), ctx);
      case 'boolean_operator': {
        const op = node.childForFieldName('operator').type;
        const left = this.evalCondition(node.childForFieldName('left'), ctx);
        const right = this.evalCondition(node.childForFieldName('right'), ctx);
        if (op === 'and') return left && right;
        if (op === 'or') return left || right;
        break;
      }
      case 'comparison_operator': {
        const [left, right] = node.namedChildren;
        const op = node.children.find((c) => !c.isNamed)?.type;
        if (node.namedChildren.length !== 2 || !op) break;
        if (left.text === 'sys.version_info') {
          const nums = right.namedChildren.map((c) => Number(c.text));
          if (right.type !== 'tuple' || nums.some(Number.isNaN)) break;
          const c = compareTuples(ctx.version, nums);
          const result = { '>=': c >= 0, '>': c > 0, '<': c < 0, '<=': c <= 0, '==': c === 0, '!=': c !== 0 }[op];
          if (result !== undefined) return result;
        }
        if (left.text === 'sys.platform' && right.type === 'string') {
          const value = right.text.slice(1, -1);
          if (op === '==') return ctx.platform === value;
          if (op === '!=') return ctx.platform !== value;
        }
        break;
      }
      case 'call': {
        // sys.platform.startswith("linux")
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (fn?.text === 'sys.platform.startswith' && args?.namedChildren.length === 1) {
          return ctx.platform.startsWith(args.namedChildren[0].text.slice(1, -1));
        }
        break;
      }
      default:
        break;
    }
    throw new Error(`Unsupported gate condition in ${ctx.rel}:${node.startPosition.row + 1}: ${node.text}`);
  }

  /** Walks statements, binding names into `names`. `inClass` turns defs into methods and disables imports. */
  walkBlock(statements, ctx, names, inClass) {
    for (const stmt of statements) this.walkStatement(stmt, ctx, names, inClass);
  }

  walkStatement(stmt, ctx, names, inClass) {
    switch (stmt.type) {
      case 'if_statement': {
        if (this.evalCondition(stmt.childForFieldName('condition'), ctx)) {
          this.walkBlock(stmt.childForFieldName('consequence').namedChildren, ctx, names, inClass);
          return;
        }
        for (const alt of stmt.childrenForFieldName('alternative')) {
          if (alt.type === 'elif_clause') {
            if (this.evalCondition(alt.childForFieldName('condition'), ctx)) {
              this.walkBlock(alt.childForFieldName('consequence').namedChildren, ctx, names, inClass);
              return;
            }
          } else if (alt.type === 'else_clause') {
            this.walkBlock(alt.childForFieldName('body').namedChildren, ctx, names, inClass);
            return;
          }
        }
        return;
      }
      case 'decorated_definition':
      case 'function_definition':
      case 'class_definition': {
        const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
        const decorators = stmt.type === 'decorated_definition' ? stmt.namedChildren.filter((c) => c.type === 'decorator') : [];
        const name = def.childForFieldName('name').text;
        if (def.type === 'class_definition') {
          names.set(name, { name, exported: true, target: { type: 'class', name, module: ctx.moduleName, rel: ctx.rel, node: def, decorators, ctx } });
          return;
        }
        const isOverload = decorators.some((d) => d.text === '@overload' || d.text === '@typing.overload');
        const previous = names.get(name);
        const item = { node: def, decorators, line: def.startPosition.row + 1 };
        if (isOverload && previous?.target.type === 'function' && previous.target.overload && previous.target.module === ctx.moduleName) {
          previous.target.items.push(item);
          return;
        }
        names.set(name, { name, exported: true, target: { type: 'function', name, module: ctx.moduleName, rel: ctx.rel, items: [item], overload: isOverload } });
        return;
      }
      case 'expression_statement': {
        const expr = stmt.namedChildren[0];
        if (expr?.type !== 'assignment') return;
        const left = expr.childForFieldName('left');
        if (left?.type !== 'identifier') return;
        const name = left.text;
        const right = expr.childForFieldName('right');
        const type = expr.childForFieldName('type');
        if (name === '__all__' && !inClass) {
          ctx.ns.all = this.readAll(right, ctx);
          return;
        }
        if (expr.children.some((c) => c.type === '+=')) return;
        names.set(name, { name, exported: true, target: { type: 'variable', name, module: ctx.moduleName, rel: ctx.rel, node: expr, right, annotation: type, ctx } });
        return;
      }
      case 'import_statement': {
        if (inClass) return;
        for (const child of stmt.namedChildren) {
          if (child.type === 'aliased_import') {
            const target = child.childForFieldName('name').text;
            const alias = child.childForFieldName('alias').text;
            // `import X as X` re-exports in a stub; any other alias stays private.
            names.set(alias, { name: alias, exported: alias === target.split('.').at(-1) && !target.includes('.'), target: { type: 'module', name: target, module: target } });
          } else if (child.type === 'dotted_name') {
            const top = child.text.split('.')[0];
            names.set(top, { name: top, exported: false, target: { type: 'module', name: top, module: top } });
          }
        }
        return;
      }
      case 'import_from_statement':
        if (!inClass) this.walkFromImport(stmt, ctx, names);
        return;
      default:
        return;
    }
  }

  readAll(node, ctx) {
    if (!node) return undefined;
    if (node.type === 'tuple' || node.type === 'list') {
      return node.namedChildren.filter((c) => c.type === 'string').map((c) => c.text.slice(1, -1));
    }
    if (node.type === 'parenthesized_expression') return this.readAll(node.namedChildren[0], ctx);
    throw new Error(`Unsupported __all__ form in ${ctx.rel}:${node.startPosition.row + 1}`);
  }

  resolveModuleName(moduleNode, ctx) {
    if (moduleNode.type === 'relative_import') {
      const prefix = moduleNode.namedChildren.find((c) => c.type === 'import_prefix')?.text ?? '';
      const rest = moduleNode.namedChildren.find((c) => c.type === 'dotted_name')?.text;
      let base = ctx.moduleName.split('.');
      if (!ctx.isPackage) base = base.slice(0, -1); // `.x` in a plain module is a sibling, in a package a child
      base = base.slice(0, base.length - (prefix.length - 1));
      return [...base, ...(rest ? [rest] : [])].join('.');
    }
    return moduleNode.text;
  }

  walkFromImport(stmt, ctx, names) {
    const moduleNode = stmt.childForFieldName('module_name');
    const source = this.resolveModuleName(moduleNode, ctx);
    if (stmt.namedChildren.some((c) => c.type === 'wildcard_import')) {
      const ns = this.module(source, ctx.version, ctx.platform);
      // typeshed gates start at 3.10: an ungated star import of a module that VERSIONS puts later (asyncio.threads:
      // 3.9-) brings nothing at older versions, which is how module floors apply.
      if (!ns) return;
      // A module still being walked (an import cycle) is star-imported again when a name is looked up.
      if (ns.walking && ctx.ns) (ctx.ns.deferredStars ??= []).push(source);
      // A star import brings __all__ when the module defines it, otherwise its public exported names.
      const brought = ns.all ?? [...ns.names.values()].filter((b) => b.exported && !b.name.startsWith('_')).map((b) => b.name);
      for (const name of brought) {
        const binding = ns.names.get(name);
        if (binding) names.set(name, { name, exported: true, target: binding.target });
      }
      return;
    }
    for (const child of stmt.childrenForFieldName('name')) {
      const imported = child.type === 'aliased_import' ? child.childForFieldName('name').text : child.text;
      const alias = child.type === 'aliased_import' ? child.childForFieldName('alias').text : imported;
      // Stub convention: `from m import x as x` re-exports; `from m import x` does not.
      const exported = child.type === 'aliased_import' && alias === imported;
      // Import cycles (builtins -> typing -> collections.abc -> typing) leave a module half-bound while it is
      // walked: a name not there yet is bound lazily and looked up again when it is used.
      const target = this.lookupImport(source, imported, ctx) ?? { type: 'import', source, name: imported, ctx, module: ctx.moduleName };
      names.set(alias, { name: alias, exported, target });
    }
  }

  /** Finds what `from source import name` binds: a name in the module, or a submodule. */
  lookupImport(source, name, ctx, depth = 0) {
    const ns = this.module(source, ctx.version, ctx.platform);
    const binding = ns?.names.get(name);
    if (binding) return binding.target;
    for (const star of depth < 5 ? ns?.deferredStars ?? [] : []) {
      const other = this.module(star, ctx.version, ctx.platform);
      const brought = other?.all ? other.all.includes(name) : !name.startsWith('_') && other?.names.get(name)?.exported;
      const target = brought ? this.lookupImport(star, name, ctx, depth + 1) : undefined;
      if (target) return target;
    }
    if (this.moduleAvailable(`${source}.${name}`, ctx.version) && this.fileOf(`${source}.${name}`)) {
      return { type: 'module', name: `${source}.${name}`, module: `${source}.${name}` };
    }
    return undefined; // typing helpers and names from modules outside our interest are not needed
  }

  /** Follows `X = Y` aliases to a class or function definition when the right side is a plain name. */
  resolveAlias(target, depth = 0) {
    if (target.type === 'import') {
      const found = depth > 5 ? undefined : this.lookupImport(target.source, target.name, target.ctx);
      return found && found.type !== 'import' ? this.resolveAlias(found, depth + 1) : target;
    }
    if (target.type !== 'variable' || depth > 5 || target.annotation) return target;
    const right = target.right;
    if (right?.type !== 'identifier' && right?.type !== 'attribute') return target;
    const next = this.resolveExpression(right, target.ctx, target.module);
    return next && next.type !== 'module' ? this.resolveAlias(next, depth + 1) : target;
  }

  /** Own members of a class for the class's (version, platform): Map name -> Definition. */
  classMembers(classTarget) {
    const members = new Map();
    const body = classTarget.node.childForFieldName('body');
    const ctx = { ...classTarget.ctx, ns: { names: new Map(), all: undefined } };
    const names = new Map();
    this.walkBlock(body.namedChildren, ctx, names, true);
    for (const [name, binding] of names) members.set(name, binding.target);
    return members;
  }

  /** Base classes of a class that resolve to class definitions in the stubs. */
  classBases(classTarget) {
    const list = classTarget.node.childForFieldName('superclasses');
    if (!list) return [];
    const out = [];
    for (let arg of list.namedChildren) {
      if (arg.type === 'keyword_argument') continue;
      if (arg.type === 'subscript') arg = arg.childForFieldName('value');
      const resolved = this.resolveExpression(arg, classTarget.ctx, classTarget.module);
      if (resolved?.type === 'class') out.push(resolved);
    }
    return out;
  }

  /** Bases that resolve to stub classes, and the text of those that do not (a closed member list needs none). */
  classBasesDetailed(classTarget) {
    const list = classTarget.node.childForFieldName('superclasses');
    const resolved = [];
    const unresolved = [];
    for (let arg of list?.namedChildren ?? []) {
      if (arg.type === 'keyword_argument') continue;
      if (arg.type === 'subscript') arg = arg.childForFieldName('value');
      const r = this.resolveExpression(arg, classTarget.ctx, classTarget.module);
      if (r?.type === 'class') resolved.push(r);
      else unresolved.push(arg.text);
    }
    return { resolved, unresolved };
  }

  resolveExpression(node, ctx, moduleName) {
    if (node.type === 'identifier') {
      const ns = this.module(moduleName, ctx.version, ctx.platform);
      // A name the module does not bind is a builtin (`class IntEnum(int, ReprEnum)`), as in Python itself.
      const t = (ns ? this.lookupImport(moduleName, node.text, ctx) : undefined)
        ?? (moduleName !== 'builtins' ? this.module('builtins', ctx.version, ctx.platform)?.names.get(node.text)?.target : undefined);
      return t ? this.resolveAlias(t) : undefined;
    }
    if (node.type === 'attribute') {
      const obj = this.resolveExpression(node.childForFieldName('object'), ctx, moduleName);
      if (obj?.type !== 'module') return undefined;
      const attr = node.childForFieldName('attribute').text;
      const t = this.module(obj.module, ctx.version, ctx.platform)?.names.get(attr)?.target;
      if (t) return this.resolveAlias(t);
      if (this.fileOf(`${obj.module}.${attr}`)) return { type: 'module', name: `${obj.module}.${attr}`, module: `${obj.module}.${attr}` };
    }
    return undefined;
  }
}

/** Decorator names of a definition, without arguments: '@deprecated("x")' -> 'deprecated'. */
export function decoratorNames(decorators) {
  return decorators.map((d) => d.text.replace(/^@/, '').replace(/\(.*$/s, '').split('.').at(-1));
}

/** The message of a @deprecated("...") decorator, or undefined. */
export function deprecationMessage(decorators) {
  for (const d of decorators) {
    const m = /^@(?:typing_extensions\.|warnings\.)?deprecated\(\s*((?:"[^"]*"\s*)+)/s.exec(d.text);
    if (m) return [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('');
  }
  return undefined;
}

/** One-line signature of a function definition, as declared. */
export function functionSignature(def) {
  const isAsync = def.children.some((c) => c.type === 'async');
  const params = def.childForFieldName('parameters');
  const ret = def.childForFieldName('return_type');
  return oneLine(`${isAsync ? 'async ' : ''}def ${def.childForFieldName('name').text}${params.text}${ret ? ` -> ${ret.text}` : ''}`);
}

/**
 * Names that may be passed as keywords: positional-or-keyword and keyword-only parameters, excluding `self`/`cls`,
 * positional-only ones (before `/`, or the pre-PEP 570 `__x` convention) and `*args`/`**kwargs`.
 */
export function keywordParameters(def, isMethod) {
  const params = def.childForFieldName('parameters').namedChildren;
  const slash = params.findIndex((p) => p.type === 'positional_separator');
  const out = [];
  params.forEach((p, i) => {
    if (i <= slash) return;
    if (isMethod && i === 0) return;
    let nameNode;
    if (p.type === 'identifier') nameNode = p;
    else if (p.type === 'typed_parameter') nameNode = p.namedChildren.find((c) => c.type === 'identifier');
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') nameNode = p.childForFieldName('name');
    if (!nameNode) return; // *args, **kwargs, bare `*`
    const name = nameNode.text;
    if (name.startsWith('__') && !name.endsWith('__')) return;
    out.push(name);
  });
  return out;
}
