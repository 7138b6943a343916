/**
 * What an installed npm package's own JavaScript says about its members, read as text and parsed (never run): the
 * member names it defines or uses, and the places where it adds members under computed names. Declarations are
 * written by hand or emitted from another source, and they leave things out: ioredis adds a `…Buffer` twin of every
 * command from a list at load time (`Commander.prototype[name + "Buffer"] = …`), undici's classes carry getters its
 * `.d.ts` files never list. Before the declarations' silence becomes `not_found`, this index must be silent too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ts } from 'ts-morph';
import { SmallCache } from './installed.js';

/** Bounds on the JavaScript read for one package; past them absence proves nothing. */
export interface RuntimeLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_RUNTIME_LIMITS: RuntimeLimits = { maxFiles: 2000, maxBytes: 32 * 1024 * 1024 };

/** A place in the package's JavaScript, `dist/x.js:12`, relative to the package folder. */
export type Place = string;

/** Members added under a name computed at run time, onto `owner` (a class or function name, or MODULE). */
export interface ComputedWrite {
  owner: string;
  place: Place;
  /** The write as written, shortened: `Commander.prototype[commandName + "Buffer"] = …`. */
  text: string;
}

/** The owner of computed writes onto the module's exports (`exports[k] = …`, `module.exports[k] = …`). */
export const MODULE = '<module>';

export interface RuntimeIndex {
  /** Member-like names the JavaScript defines or reads (properties, methods, accessors, exports, identifier strings), each with its first place. */
  names: Map<string, Place>;
  computed: ComputedWrite[];
  files: number;
  bytes: number;
  /** Set when a bound or an unreadable file cut the read short. */
  truncated?: string;
}

const JS_FILE = /\.(?:c|m)?js$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Folders of a package that hold no code it runs. */
const SKIP = new Set(['node_modules', '.git', 'test', 'tests', '__tests__', 'docs', 'example', 'examples', 'benchmarks']);

const cache = new SmallCache<RuntimeIndex>(12);

export function clearRuntimeCache(): void {
  cache.clear();
}

/** The index of the package at `dir` (its JavaScript, nested node_modules excluded), cached by folder and version. */
export function runtimeIndex(dir: string, version: string, limits: RuntimeLimits = DEFAULT_RUNTIME_LIMITS): RuntimeIndex {
  const key = `${dir}\u0000${version}\u0000${limits.maxFiles}/${limits.maxBytes}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const index: RuntimeIndex = { names: new Map(), computed: [], files: 0, bytes: 0 };
  const files: string[] = [];
  const walk = (d: string): void => {
    if (index.truncated) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      index.truncated = `an unreadable folder (${relative(dir, d) || '.'})`;
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(join(d, e.name));
      } else if (e.isFile() && JS_FILE.test(e.name)) {
        if (files.length >= limits.maxFiles) {
          index.truncated = `more than ${limits.maxFiles} JavaScript files (maxFiles)`;
          return;
        }
        files.push(join(d, e.name));
      }
    }
  };
  walk(dir);
  for (const file of files) {
    if (index.truncated) break;
    let text: string;
    try {
      const size = statSync(file).size;
      if (index.bytes + size > limits.maxBytes) {
        index.truncated = `more than ${limits.maxBytes} bytes of JavaScript (maxBytes)`;
        break;
      }
      text = readFileSync(file, 'utf8');
      index.bytes += size;
    } catch {
      index.truncated = `an unreadable file (${relative(dir, file)})`;
      break;
    }
    index.files += 1;
    scanFile(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS), relative(dir, file).split('\\').join('/'), index);
  }
  cache.set(key, index);
  return index;
}

/** `Foo.prototype` -> Foo; `exports` / `module.exports` -> MODULE; `this` -> the enclosing class or function. */
function ownerOf(target: ts.Expression): string | undefined {
  if (ts.isIdentifier(target) && target.text === 'exports') return MODULE;
  if (ts.isPropertyAccessExpression(target)) {
    if (ts.isIdentifier(target.expression) && target.expression.text === 'module' && target.name.text === 'exports') return MODULE;
    if (target.name.text === 'prototype') return ts.isIdentifier(target.expression) ? target.expression.text : undefined;
  }
  if (target.kind === ts.SyntaxKind.ThisKeyword) {
    for (let n: ts.Node | undefined = target.parent; n; n = n.parent) {
      if ((ts.isClassDeclaration(n) || ts.isClassExpression(n)) && n.name) return n.name.text;
      if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return n.name?.text;
    }
  }
  return undefined;
}

/** Every value the file binds to a name: variable initializers and plain assignments (`_a = symbols.kState`). */
type Bindings = ReadonlyMap<string, ReadonlyArray<ts.Expression | undefined>>;

/**
 * True when a key computes a name: anything but a literal, a well-known or imported symbol (`Symbol.iterator`,
 * `symbols.kState`), or a variable only ever bound to such (`Symbol('x')`, `require('./symbols').k`, what TypeScript
 * emits for a `[kState] = false` field) — those name private slots, not members. A parameter or a loop variable
 * (no value bound in the file) is a name chosen at run time.
 */
function computesName(key: ts.Expression, bindings: Bindings, depth = 0): boolean {
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) || ts.isPropertyAccessExpression(key)) return false;
  if (ts.isCallExpression(key)) return !(ts.isIdentifier(key.expression) && (key.expression.text === 'Symbol' || key.expression.text === 'require')) && !ts.isPropertyAccessExpression(key.expression);
  if (!ts.isIdentifier(key)) return true;
  const values = bindings.get(key.text);
  if (!values || values.length === 0 || depth > 4) return true;
  return values.some((v) => v === undefined || computesName(v, bindings, depth + 1));
}

const exits = (st: ts.Statement): boolean =>
  ts.isThrowStatement(st) || ts.isContinueStatement(st) || ts.isReturnStatement(st) || (ts.isBlock(st) && st.statements.length > 0 && exits(st.statements.at(-1)!));

/** `!(key in target)` (parentheses allowed): the guard that lets only names the target already has through. */
function isNotInGuard(cond: ts.Expression, key: string, target: string): boolean {
  if (!ts.isPrefixUnaryExpression(cond) || cond.operator !== ts.SyntaxKind.ExclamationToken) return false;
  let inner: ts.Expression = cond.operand;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.InKeyword && ts.isIdentifier(inner.left) && inner.left.text === key && inner.right.getText() === target;
}

/**
 * True when an earlier statement of an enclosing block leaves unless the key is already a member
 * (`if (!(key in this)) throw …; … this[key] = value`): such a write sets existing members, it adds none.
 */
function guardedByIn(write: ts.BinaryExpression & { left: ts.ElementAccessExpression }): boolean {
  const key = write.left.argumentExpression;
  if (!ts.isIdentifier(key)) return false;
  const target = write.left.expression.getText();
  for (let n: ts.Node = write; n.parent && !ts.isFunctionLike(n); n = n.parent) {
    if (!ts.isBlock(n.parent) && !ts.isSourceFile(n.parent)) continue;
    const statements = n.parent.statements;
    for (const st of statements.slice(0, statements.indexOf(n as ts.Statement))) {
      if (ts.isIfStatement(st) && !st.elseStatement && isNotInGuard(st.expression, key.text, target) && exits(st.thenStatement)) return true;
    }
  }
  return false;
}

function shorten(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function scanFile(sf: ts.SourceFile, rel: string, index: RuntimeIndex): void {
  const place = (node: ts.Node): Place => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const name = (text: string, node: ts.Node): void => {
    if (IDENTIFIER.test(text) && !index.names.has(text)) index.names.set(text, place(node));
  };
  // What the file binds to each name: tells symbol keys from computed names.
  const bindings = new Map<string, Array<ts.Expression | undefined>>();
  const bind = (id: string, value: ts.Expression | undefined): void => {
    const list = bindings.get(id) ?? [];
    list.push(value);
    bindings.set(id, list);
  };
  const callables = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) {
      // for (const k of list) binds no value here: k is chosen at run time (undefined marks it so).
      const inLoop = ts.isVariableDeclarationList(node.parent) && (ts.isForOfStatement(node.parent.parent) || ts.isForInStatement(node.parent.parent));
      const value = inLoop ? undefined : node.initializer;
      if (ts.isIdentifier(node.name)) {
        if (value !== undefined || inLoop) bind(node.name.text, value);
      } else for (const e of node.name.elements) if (!ts.isOmittedExpression(e) && ts.isIdentifier(e.name)) bind(e.name.text, value);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) bind(node.left.text, node.right);
    if ((ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name) callables.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const computed = (owner: string | undefined, key: ts.Expression, node: ts.Node): void => {
    if (owner && computesName(key, bindings)) index.computed.push({ owner, place: place(node), text: shorten(node, sf) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) name(node.name.text, node.name);
    else if (ts.isStringLiteralLike(node)) name(node.text, node);
    else if (
      ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node) ||
      ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)
    ) {
      if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) name(node.name.text, node.name);
    } else if (ts.isExportSpecifier(node)) name(node.name.text, node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) name(node.name.text, node.name);
    else if (ts.isVariableStatement(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) name(d.name.text, d.name);
    }
    // obj[key] = …, with obj a prototype, the exports, `this`, or a class/function of this file (its statics).
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(node.left)) {
      const target = node.left.expression;
      const owner = ownerOf(target) ?? (ts.isIdentifier(target) && callables.has(target.text) ? target.text : undefined);
      if (!guardedByIn(node as ts.BinaryExpression & { left: ts.ElementAccessExpression })) computed(owner, node.left.argumentExpression, node);
    }
    // Object.defineProperty(target, key, …) / Object.assign(Foo.prototype, mixin) / Reflect.defineProperty.
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)) {
      const callee = `${node.expression.expression.text}.${node.expression.name.text}`;
      const [target, key] = node.arguments;
      if ((callee === 'Object.defineProperty' || callee === 'Reflect.defineProperty') && target && key) computed(ownerOf(target), key, node);
      if (callee === 'Object.assign' && target && node.arguments.length > 1) {
        const owner = ownerOf(target);
        // A mixin copies whatever its source holds. An object literal's names and a package module's exports
        // (`Object.assign(Dispatcher.prototype, require('./api'))`) are read above as names; anything else is open.
        const isRequire = (e: ts.Expression | undefined): boolean => e !== undefined && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require';
        const listed = (a: ts.Expression): boolean =>
          ts.isObjectLiteralExpression(a) || isRequire(a) || (ts.isIdentifier(a) && (bindings.get(a.text) ?? []).length > 0 && bindings.get(a.text)!.every(isRequire));
        if (owner && !node.arguments.slice(1).every(listed)) index.computed.push({ owner, place: place(node), text: shorten(node, sf) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
