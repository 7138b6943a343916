/** Shared predicates for the TypeScript/JavaScript rules: one place for "is this a promise?" and friends. */
import { ts } from 'ts-morph';

const SK = ts.SyntaxKind;

/** Removes parentheses, `as`, `!` and `satisfies` wrappers: they do not change what a value is. */
export function skipOuter(node: ts.Node): ts.Node {
  let n = node;
  for (;;) {
    if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n)) {
      n = n.expression;
    } else return n;
  }
}

/** The parent, skipping parentheses and type-only wrappers. */
export function outerParent(node: ts.Node): ts.Node | undefined {
  let n: ts.Node = node;
  let p = n.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p) || ts.isSatisfiesExpression(p))) {
    n = p;
    p = p.parent;
  }
  return p;
}

/** True when a type has a callable `then` member (a thenable), for one union member at least when `every` is false. */
export function isThenableType(checker: ts.TypeChecker, type: ts.Type, every = false): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) || every);
    if (members.length === 0) return false;
    return every ? members.every((t) => isThenableType(checker, t)) : members.some((t) => isThenableType(checker, t));
  }
  if (type.isIntersection()) return type.types.some((t) => isThenableType(checker, t));
  const then = type.getProperty('then');
  if (!then) return false;
  const decl = then.valueDeclaration ?? then.declarations?.[0];
  if (!decl) return false;
  const thenType = checker.getTypeOfSymbolAtLocation(then, decl);
  return thenType.getCallSignatures().length > 0;
}

/** True when the expression's static type is a thenable (any or unknown types are never promises here). */
export function isPromiseExpression(checker: ts.TypeChecker, node: ts.Node, every = false): boolean {
  return isThenableType(checker, checker.getTypeAtLocation(node), every);
}

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The nearest enclosing function, or undefined at module top level. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let n = node.parent;
  while (n) {
    if (isFunctionLike(n)) return n;
    n = n.parent;
  }
  return undefined;
}

export function hasAsyncModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === SK.AsyncKeyword) ?? false);
}

export function isInsideAsyncFunction(node: ts.Node): boolean {
  const fn = enclosingFunction(node);
  return fn !== undefined && hasAsyncModifier(fn);
}

export function isLoop(node: ts.Node): node is ts.IterationStatement {
  return (
    ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)
  );
}

/** The nearest loop whose body contains the node, without crossing a function boundary. */
export function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  let child: ts.Node = node;
  let n = node.parent;
  while (n && !isFunctionLike(n) && !ts.isSourceFile(n)) {
    if (isLoop(n) && n.statement === child) return n;
    child = n;
    n = n.parent;
  }
  return undefined;
}

/** The property name of a call's callee (`a.b.c()` -> `c`), or the identifier name of a plain call. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = skipOuter(call.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  return undefined;
}

/** The receiver of a method call (`a.b.c()` -> `a.b`), if any. */
export function calleeReceiver(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const e = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return e.expression;
  return undefined;
}

/** `a.b.c` -> "a.b.c" for plain identifier/property chains (this included); undefined otherwise. */
export function dottedName(node: ts.Node): string | undefined {
  const n = skipOuter(node);
  if (ts.isIdentifier(n)) return n.text;
  if (n.kind === SK.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(n)) {
    const left = dottedName(n.expression);
    return left === undefined ? undefined : `${left}.${n.name.text}`;
  }
  return undefined;
}

/** True when the node is a call of a method with this name on some receiver (`x.then(...)`). */
export function isMethodCall(node: ts.Node, names: readonly string[]): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const e = skipOuter(node.expression);
  return ts.isPropertyAccessExpression(e) && names.includes(e.name.text);
}

/** True when a function (expression or declaration) is async or declared to return a thenable. */
export function isAsyncCallback(checker: ts.TypeChecker, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    if (hasAsyncModifier(n)) return true;
    // `(id) => this.destroy(id)` returns a promise as surely as an async arrow does.
    const sig = checker.getSignatureFromDeclaration(n);
    return sig !== undefined && isThenableType(checker, sig.getReturnType());
  }
  if (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) {
    const sigs = checker.getTypeAtLocation(n).getCallSignatures();
    return sigs.length > 0 && sigs.every((s) => isThenableType(checker, s.getReturnType()));
  }
  return false;
}

/** Walks descendants without entering nested functions (their bodies run at another time). */
export function forEachInSameFunction(node: ts.Node, visit: (n: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    visit(n);
    if (isFunctionLike(n)) return;
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
}

/** True when some descendant in the same function satisfies the predicate. */
export function someInSameFunction(node: ts.Node, pred: (n: ts.Node) => boolean): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (pred(n)) {
      found = true;
      return;
    }
    if (isFunctionLike(n)) return;
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
  return found;
}

/** The declaration a name resolves to, if the checker knows it. */
export function declarationOf(checker: ts.TypeChecker, node: ts.Node): ts.Declaration | undefined {
  let sym = checker.getSymbolAtLocation(node);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return sym?.valueDeclaration ?? sym?.declarations?.[0];
}

/** True when a file is a type definition shipped with TypeScript or a package (lib.*.d.ts, @types, typed libraries). */
export function isLibraryFile(file: ts.SourceFile): boolean {
  return file.isDeclarationFile && (/\/node_modules\//.test(file.fileName) || /(^|\/)lib\.[\w.]*\.?d\.ts$/.test(file.fileName));
}

/** True when a name's declaration comes from Node's type definitions, optionally in one of the named modules. */
export function isFromNodeModule(checker: ts.TypeChecker, node: ts.Node, modules: readonly string[]): boolean {
  const decl = declarationOf(checker, node);
  if (!decl) return false;
  const file = decl.getSourceFile().fileName;
  if (!/\/@types\/node\//.test(file)) return false;
  return modules.some((m) => file.endsWith(`/${m}.d.ts`));
}

/** True when an expression statement, return or await consumes the value, or it is explicitly voided. */
export function isValueConsumed(node: ts.Node): boolean {
  const p = outerParent(node);
  return p !== undefined && !ts.isExpressionStatement(p);
}

/** True for a function whose whole body is one try/catch: it handles its own errors. */
export function bodyIsTryCatch(fn: ts.Node): boolean {
  const n = skipOuter(fn);
  if (!(ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n))) return false;
  const body = n.body;
  if (!body || !ts.isBlock(body)) return false;
  const stmts = body.statements;
  return stmts.length > 0 && stmts.every((s) => (ts.isTryStatement(s) && s.catchClause !== undefined) || ts.isVariableStatement(s)) && stmts.some((s) => ts.isTryStatement(s));
}

/** How many calls deep `asyncHandlesOwnFailure` follows functions that start or await others of its kind. */
const OWN_FAILURE_DEPTH = 2;

/**
 * An async function we can read that cannot reject from a failure it awaits or throws, so dropping its promise
 * loses nothing: every `await`, `for await`, `throw` and returned promise of its own body sits in a `try` whose
 * `catch` handles it, and that catch (and any `finally`) is held to the same test, since a throw or a rejected await
 * there rejects the function again. An awaited promise with its own handler (`await p.catch(h)`) or a call of another
 * function of this kind needs no try. The function must show the intent (a try/catch, a handled await, or starting
 * functions of this kind): one with no handling at all is not judged here. Only a synchronous bug (a call outside
 * the try that throws) can still reject it, the same residue every try/catch fire-and-forget has.
 */
export function asyncHandlesOwnFailure(checker: ts.TypeChecker, decl: ts.Node, depth = 0): boolean {
  const fn = skipOuter(decl);
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn))) return false;
  if (fn.asteriskToken || !fn.body || !ts.isBlock(fn.body) || !hasAsyncModifier(fn)) return false;
  const body = fn.body;
  let guarded = false;
  let unsafe = false;
  const handledCall = (e: ts.Node): boolean => {
    const x = skipOuter(e);
    if (isHandledChain(x)) return true;
    return ts.isCallExpression(x) && depth < OWN_FAILURE_DEPTH && callHandlesOwnFailure(checker, x, depth + 1);
  };
  const mayReject = (e: ts.Node): boolean => {
    const x = skipOuter(e);
    if (ts.isLiteralExpression(x) || ts.isIdentifier(x) && x.text === 'undefined' || x.kind === SK.TrueKeyword || x.kind === SK.FalseKeyword || x.kind === SK.NullKeyword) return false;
    if (handledCall(x)) return false;
    const type = checker.getTypeAtLocation(x);
    // A variable (a caught error, a computed result) is a promise only when its type says so; a call or member of
    // unknown type might return one, so only a known type without `then` is safe there.
    if (ts.isIdentifier(x)) return isThenableType(checker, type);
    return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || isThenableType(checker, type);
  };
  const walk = (n: ts.Node, caught: boolean): void => {
    if (unsafe || (n !== body && isFunctionLike(n))) return;
    if (ts.isTryStatement(n)) {
      if (n.catchClause) guarded = true;
      walk(n.tryBlock, caught || n.catchClause !== undefined);
      if (n.catchClause) walk(n.catchClause.block, caught);
      if (n.finallyBlock) walk(n.finallyBlock, caught);
      return;
    }
    if (!caught) {
      if (ts.isAwaitExpression(n)) {
        if (!handledCall(n.expression)) {
          unsafe = true;
          return;
        }
        guarded = true;
      }
      if (ts.isThrowStatement(n) || (ts.isForOfStatement(n) && n.awaitModifier)) {
        unsafe = true;
        return;
      }
      if (ts.isReturnStatement(n) && n.expression && !ts.isAwaitExpression(skipOuter(n.expression)) && mayReject(n.expression)) {
        unsafe = true;
        return;
      }
      // `if (on) killLater(ms);`: starting a function of this kind is handling, not a new failure.
      if (ts.isExpressionStatement(n) && ts.isCallExpression(skipOuter(n.expression)) && depth < OWN_FAILURE_DEPTH && callHandlesOwnFailure(checker, skipOuter(n.expression) as ts.CallExpression, depth + 1)) guarded = true;
    }
    ts.forEachChild(n, (c) => walk(c, caught));
  };
  walk(body, false);
  return guarded && !unsafe;
}

/** `p.catch(h)` or `p.then(f, h)`: a promise whose rejection already has a handler. */
function isHandledChain(node: ts.Node): boolean {
  const x = skipOuter(node);
  return (isMethodCall(x, ['catch']) && x.arguments.length > 0) || (isMethodCall(x, ['then']) && x.arguments.length > 1);
}

/** A plain function whose every return hands back a handled chain (`closeQuietly(m) { return m.close().catch(() => {}); }`). */
function returnsHandledChain(decl: ts.Node): boolean {
  const fn = skipOuter(decl);
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) || !fn.body || hasAsyncModifier(fn)) return false;
  if (!ts.isBlock(fn.body)) return isHandledChain(fn.body);
  let returns = 0;
  let ok = true;
  const walk = (n: ts.Node): void => {
    if (!ok || isFunctionLike(n)) return;
    if (ts.isReturnStatement(n)) {
      returns += 1;
      if (!n.expression || !isHandledChain(n.expression)) ok = false;
      return;
    }
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(fn.body, walk);
  return ok && returns > 0;
}

/**
 * A call of a function we can read (an IIFE or a declaration in the reviewed code) that cannot reject: an async one
 * that handles its own failure, or a plain one that returns only handled chains.
 */
export function callHandlesOwnFailure(checker: ts.TypeChecker, call: ts.CallExpression, depth = 0): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return asyncHandlesOwnFailure(checker, callee, depth);
  const decl = checker.getResolvedSignature(call)?.getDeclaration();
  if (decl === undefined || decl.getSourceFile().isDeclarationFile) return false;
  return asyncHandlesOwnFailure(checker, decl, depth) || returnsHandledChain(decl);
}

/** True when the identifier/text is used anywhere inside the node. */
export function mentionsName(node: ts.Node, name: string): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) found = true;
    else ts.forEachChild(n, walk);
  };
  walk(node);
  return found;
}

/** Directive comments are instructions to tools, not explanations: ours, eslint's, and test labels (`// expect: rule`). */
const DIRECTIVE = /^(\/\/|\/\*)\s*(async-expert-|eslint-|expect(-next-line)?:|@ts-|prettier-ignore)/;

/** True when the node holds an explanatory comment (an empty block that explains itself is deliberate). */
export function hasComment(sourceFile: ts.SourceFile, node: ts.Node): boolean {
  const text = sourceFile.text.slice(node.getStart(sourceFile), node.getEnd());
  const comments = text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? [];
  return comments.some((c) => !DIRECTIVE.test(c));
}

/**
 * A comment explains the statement holding `node`: one inside the node, on the line just above the statement, or
 * at the end of its last line. An explained discard is a decision, not an accident. Tool directives do not count.
 */
export function hasExplainingComment(sourceFile: ts.SourceFile, node: ts.Node): boolean {
  if (hasComment(sourceFile, node)) return true;
  let stmt: ts.Node = node;
  while (stmt.parent && !ts.isBlock(stmt.parent) && !ts.isSourceFile(stmt.parent) && !ts.isCaseOrDefaultClause(stmt.parent) && !isFunctionLike(stmt.parent)) stmt = stmt.parent;
  const text = sourceFile.text;
  const startLine = sourceFile.getLineAndCharacterOfPosition(stmt.getStart(sourceFile)).line;
  const endLine = sourceFile.getLineAndCharacterOfPosition(stmt.getEnd()).line;
  const explains = (r: ts.CommentRange): boolean => !DIRECTIVE.test(text.slice(r.pos, r.end));
  const leading = ts.getLeadingCommentRanges(text, stmt.getFullStart()) ?? [];
  const last = leading[leading.length - 1];
  if (last && sourceFile.getLineAndCharacterOfPosition(last.end).line === startLine - 1 && explains(last)) return true;
  const trailing = ts.getTrailingCommentRanges(text, stmt.getEnd()) ?? [];
  return trailing.some((r) => sourceFile.getLineAndCharacterOfPosition(r.pos).line === endLine && explains(r));
}

/**
 * The promise held in `id` also goes somewhere else in the function that holds it (returned, awaited, passed,
 * stored, yielded): a `.catch(noop)` on it only marks it handled, and whoever got it still sees the rejection.
 */
export function isPromiseVariableHandedOn(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(id);
  if (!symbol) return false;
  const scope = enclosingFunction(id) ?? id.getSourceFile();
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n !== id && n.text === id.text && checker.getSymbolAtLocation(n) === symbol) {
      let at: ts.Node = n;
      while (at.parent && (ts.isParenthesizedExpression(at.parent) || ts.isAsExpression(at.parent) || ts.isNonNullExpression(at.parent) || ts.isSatisfiesExpression(at.parent))) at = at.parent;
      const p = at.parent;
      if (
        ts.isReturnStatement(p) || ts.isAwaitExpression(p) || ts.isYieldExpression(p) || ts.isArrayLiteralExpression(p) ||
        ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === at) ||
        (ts.isCallExpression(p) && p.arguments.some((a) => a === at)) ||
        (ts.isNewExpression(p) && (p.arguments ?? []).some((a) => a === at)) ||
        (ts.isBinaryExpression(p) && p.operatorToken.kind === SK.EqualsToken && p.right === at) ||
        (ts.isVariableDeclaration(p) && p.initializer === at) ||
        (ts.isArrowFunction(p) && p.body === at)
      ) {
        found = true;
        return;
      }
    }
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(scope, walk);
  return found;
}

/** Names of Promise combinators that start everything at once. */
export const PROMISE_COMBINATORS = ['all', 'allSettled', 'any', 'race'] as const;

/** `Promise.all(...)` and friends: returns the combinator name. */
export function promiseCombinator(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const e = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  if (!ts.isIdentifier(e.expression) || e.expression.text !== 'Promise') return undefined;
  return (PROMISE_COMBINATORS as readonly string[]).includes(e.name.text) ? e.name.text : undefined;
}

/** A short single-line rendering of a node for messages. */
export function snippet(sourceFile: ts.SourceFile, node: ts.Node, max = 60): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The test expression of a statement or expression that branches on it. */
function testOf(n: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n)) return n.expression;
  if (ts.isConditionalExpression(n)) return n.condition;
  if (ts.isForStatement(n)) return n.condition;
  if (ts.isBinaryExpression(n) && [SK.AmpersandAmpersandToken, SK.BarBarToken, SK.QuestionQuestionToken].includes(n.operatorToken.kind)) return n.left;
  return undefined;
}

/**
 * True when code tests for a member before (or while) it uses it, so a missing or too-new member is handled:
 * `x.y?.()`, `typeof x.y === 'function'`, `if (x.y)`, `x.y && x.y()`, `x.y || fallback`, `'y' in x`, an earlier
 * `if (!x.y) return`, or a try block with a catch around the use. Feature detection is neither invented nor too new.
 */
export function isGuardedUse(access: ts.PropertyAccessExpression): boolean {
  const sf = access.getSourceFile();
  const text = access.getText(sf).replace(/\?\./g, '.').replace(/\s+/g, '');
  const name = access.name.text;
  const mentions = (test: ts.Node): boolean => {
    const t = test.getText(sf).replace(/\?\./g, '.').replace(/\s+/g, '');
    return t.includes(text) || t.includes(`'${name}'in`) || t.includes(`"${name}"in`);
  };
  // The use itself is the test: an optional call, a typeof, a negation, a condition, a fallback or a comparison.
  const p = outerParent(access);
  if (p) {
    if (ts.isCallExpression(p) && skipOuter(p.expression) === access && p.questionDotToken) return true;
    if (ts.isTypeOfExpression(p) || (ts.isPrefixUnaryExpression(p) && p.operator === SK.ExclamationToken)) return true;
    if (ts.isBinaryExpression(p) && [SK.AmpersandAmpersandToken, SK.BarBarToken, SK.QuestionQuestionToken, SK.EqualsEqualsEqualsToken, SK.ExclamationEqualsEqualsToken, SK.EqualsEqualsToken, SK.ExclamationEqualsToken].includes(p.operatorToken.kind)) return true;
    const test = testOf(p);
    if (test && skipOuter(test) === access) return true;
  }
  // An enclosing branch, or an earlier early exit, that tests the member; a try with a catch around the use.
  let child: ts.Node = access;
  for (let n = access.parent; n && !ts.isSourceFile(n); child = n, n = n.parent) {
    const test = testOf(n);
    if (test && test !== child && mentions(test)) return true;
    if (ts.isTryStatement(n) && child === n.tryBlock && n.catchClause) return true;
    if (ts.isBlock(n) || ts.isSourceFile(n)) {
      for (const s of n.statements) {
        if (s === child) break;
        if (ts.isIfStatement(s) && mentions(s.expression)) return true;
      }
    }
    if (isFunctionLike(n)) break;
  }
  return false;
}

/**
 * The bodies a call may run: the declaration its signature resolves to when it has a body; for a method declared
 * without one (an interface merged with a class, a declared member), the function assigned to `Owner.prototype.name`
 * in the file that declares it. `f.call(...)` / `f.apply(...)` look through to `f`, and `const f = obj.method`
 * through to the method.
 */
export function implementationsOf(checker: ts.TypeChecker, call: ts.CallExpression): ts.FunctionLikeDeclaration[] {
  let callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply')) {
    const inner = skipOuter(callee.expression);
    if (checker.getTypeAtLocation(inner).getCallSignatures().length > 0) callee = inner;
  }
  let access: ts.PropertyAccessExpression | undefined = ts.isPropertyAccessExpression(callee) ? callee : undefined;
  if (ts.isIdentifier(callee)) {
    // `const exec = pipeline.exec; exec.call(pipeline)`: the method the variable was read from.
    const d = declarationOf(checker, callee);
    const init = d && ts.isVariableDeclaration(d) && d.initializer ? skipOuter(d.initializer) : undefined;
    if (init && ts.isPropertyAccessExpression(init)) access = init;
  }
  let sym = checker.getSymbolAtLocation(access ? access.name : callee);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  if (!sym) return [];
  const out: ts.FunctionLikeDeclaration[] = [];
  const decls = sym.declarations ?? [];
  for (const d of decls) {
    if (d.getSourceFile().isDeclarationFile) continue;
    if (isFunctionLike(d) && d.body) out.push(d);
    else if (ts.isVariableDeclaration(d) && d.initializer && isFunctionLike(skipOuter(d.initializer))) out.push(skipOuter(d.initializer) as ts.FunctionLikeDeclaration);
    else if (ts.isPropertyAccessExpression(d) && ts.isBinaryExpression(d.parent) && d.parent.left === d && isFunctionLike(skipOuter(d.parent.right))) {
      out.push(skipOuter(d.parent.right) as ts.FunctionLikeDeclaration); // JavaScript: `C.prototype.m = function () {...}` declares m
    }
  }
  if (out.length > 0 || !access) return out;
  // Declared without a body (an interface merged with the class, a mixin interface): the function assigned to
  // `Class.prototype.member` in a file that declares the receiver's class.
  const member = sym.getName();
  const owner = checker.getApparentType(checker.getTypeAtLocation(access.expression)).getSymbol();
  for (const od of owner?.declarations ?? []) {
    const file = od.getSourceFile();
    if (file.isDeclarationFile) continue;
    for (const stmt of file.statements) {
      if (!ts.isExpressionStatement(stmt)) continue;
      const e = skipOuter(stmt.expression);
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== SK.EqualsToken) continue;
      const rhs = skipOuter(e.right);
      if (dottedName(e.left) === `${owner!.getName()}.prototype.${member}` && isFunctionLike(rhs) && !out.includes(rhs as ts.FunctionLikeDeclaration)) out.push(rhs as ts.FunctionLikeDeclaration);
    }
  }
  return out;
}

/** `this`, or a const that holds it (`const _this = this`, `const self = this`). */
function isReceiverRef(checker: ts.TypeChecker, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (n.kind === SK.ThisKeyword) return true;
  if (!ts.isIdentifier(n)) return false;
  const d = declarationOf(checker, n);
  return d !== undefined && ts.isVariableDeclaration(d) && d.initializer !== undefined && skipOuter(d.initializer).kind === SK.ThisKeyword;
}

/**
 * A call of a function that hands back a promise its object keeps (`return this.promise`) on some path: that promise
 * exists before the call and is shared with whoever else asked for it (the first caller, a callback adapter), so
 * dropping this reference need not leave a rejection unhandled. Whether it does depends on those other holders:
 * likely, not certain.
 */
export function returnsReceiverPromise(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  return implementationsOf(checker, call).some((fn) => {
    if (!fn.body || !ts.isBlock(fn.body)) return false;
    let found = false;
    forEachInSameFunction(fn.body, (n) => {
      if (found || !ts.isReturnStatement(n) || !n.expression) return;
      const e = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(e) && isReceiverRef(checker, e.expression) && isPromiseExpression(checker, e)) found = true;
    });
    return found;
  });
}

/**
 * A call of a function value rather than of a function we can read: a bare name bound to a parameter or to a variable
 * holding a value taken from elsewhere (`const job = queue.dequeue(); job()`). Such a function is data handed in
 * (a job, a task, a callback); what it does on failure is decided where it was made, out of sight here. Methods of
 * service objects (`store.save()`) are not values in this sense, whatever their declaration's style.
 */
export function isFunctionValueCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const sym = checker.getSymbolAtLocation(callee);
  const decls = sym?.declarations ?? [];
  if (decls.length === 0 || (sym!.flags & ts.SymbolFlags.Alias) !== 0) return false;
  return decls.every((d) => {
    if (ts.isParameter(d) || ts.isBindingElement(d)) return true;
    if (!ts.isVariableDeclaration(d)) return false;
    const init = d.initializer && skipOuter(d.initializer);
    return init === undefined || !(isFunctionLike(init) || ts.isClassExpression(init));
  });
}
