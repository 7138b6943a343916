/**
 * Where a value's type comes from, as the severity contract needs it: a type the code's declarations spell out
 * (`declared-type`: a .d.ts or lib file, an annotation, a JSDoc type, an `async` modifier, a cast) or one the checker
 * inferred from values (`inferred-type`). Only the first can make a finding an error.
 */
import { basename } from 'node:path';
import { ts } from 'ts-morph';
import type { Basis } from '../finding.js';
import { hasAsyncModifier, skipOuter } from './predicates.js';

/** How deep `const a = b; const b = c()` chains are followed before giving up (as inferred). */
const MAX_DEPTH = 4;

function where(decl: ts.Node): string {
  const file = decl.getSourceFile();
  if (file.isDeclarationFile) return basename(file.fileName);
  const line = file.getLineAndCharacterOfPosition(decl.getStart(file)).line + 1;
  return `${basename(file.fileName)}:${line}`;
}

function short(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A declaration whose type is written down: in a declaration file, annotated, JSDoc-typed, or async. */
function isTypedDeclaration(decl: ts.Node, forReturn: boolean): boolean {
  if (decl.getSourceFile().isDeclarationFile) return true;
  if (forReturn) {
    if (ts.isFunctionLike(decl) && decl.type !== undefined) return true;
    if (hasAsyncModifier(decl)) return true;
    return ts.isFunctionLike(decl) && ts.getJSDocReturnType(decl) !== undefined;
  }
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl) || ts.isPropertySignature(decl)) && decl.type !== undefined) return true;
  if (ts.isGetAccessorDeclaration(decl) && decl.type !== undefined) return true;
  return ts.getJSDocType(decl) !== undefined;
}

/** The initializer a declaration takes its type from, when it has no type of its own. */
function initializerOf(decl: ts.Node): ts.Expression | undefined {
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) return decl.initializer;
  if (ts.isPropertyAssignment(decl)) return decl.initializer;
  // JavaScript `this.x = value` and `obj.x = value` declare `x` by assignment.
  if (ts.isBinaryExpression(decl) && decl.operatorToken.kind === ts.SyntaxKind.EqualsToken) return decl.right;
  if (ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent) && decl.parent.left === decl) return decl.parent.right;
  return undefined;
}

function symbolOf(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let sym = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return sym;
}

/**
 * Where the type of `expr` comes from. `declared-type` names the type and its declaration; anything the checker had
 * to infer from values (an unannotated function's return, an untyped parameter) is `inferred-type`.
 */
export function typeBasis(checker: ts.TypeChecker, expr: ts.Node, depth = 0): Basis {
  const node = skipOuter(expr);
  const typeText = (): string => short(checker.typeToString(checker.getTypeAtLocation(expr)));
  const inferred: Basis = { kind: 'inferred-type', detail: `\`${typeText()}\`, inferred by the checker` };
  if (depth > MAX_DEPTH) return inferred;
  // `x as Promise<T>` and `<Promise<T>>x`: the author wrote the type down.
  const outer = expr as ts.Node;
  if (ts.isAsExpression(outer) || ts.isTypeAssertionExpression(outer) || ts.isSatisfiesExpression(outer)) {
    return { kind: 'declared-type', detail: `\`${typeText()}\`, written in a cast` };
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const decl = checker.getResolvedSignature(node)?.getDeclaration();
    if (!decl) return inferred;
    const name = ts.isCallExpression(node) ? short(node.expression.getText(), 40) : `new ${short(node.expression.getText(), 36)}`;
    if (isTypedDeclaration(decl, true)) {
      return { kind: 'declared-type', detail: `\`${typeText()}\`, the declared return type of \`${name}\` (${where(decl)})` };
    }
    if (returnsDeclaredPromise(checker, decl, depth)) {
      return { kind: 'declared-type', detail: `\`${typeText()}\`: every return of \`${name}\` (${where(decl)}) is a declared promise` };
    }
    return inferred;
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && (hasAsyncModifier(node) || node.type !== undefined)) {
    return { kind: 'declared-type', detail: hasAsyncModifier(node) ? 'an `async` function' : `a function declared to return \`${short(node.type!.getText())}\`` };
  }
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
    const sym = symbolOf(checker, node);
    const decl = sym?.valueDeclaration ?? sym?.declarations?.[0];
    if (!decl) return inferred;
    if (ts.isFunctionLike(decl)) {
      // A function used as a value (`emitter.on('x', handler)`): its return type is what matters.
      return isTypedDeclaration(decl, true) ? { kind: 'declared-type', detail: `\`${short(node.getText(), 40)}\` (${where(decl)})` } : inferred;
    }
    if (isTypedDeclaration(decl, false)) return { kind: 'declared-type', detail: `\`${typeText()}\`, the declared type of \`${short(node.getText(), 40)}\` (${where(decl)})` };
    const init = initializerOf(decl);
    if (init && init !== node && !(ts.isParameter(decl))) return typeBasis(checker, init, depth + 1);
    return inferred;
  }
  if (ts.isAwaitExpression(node)) return inferred;
  return inferred;
}

/**
 * An unannotated function whose every path returns a promise of declared type (`function delay(ms) { return new
 * Promise(...) }`): as sure as an annotation. One that may return something else (a callback overload returning
 * nothing when given a callback) is not: its inferred return type is a union.
 */
function returnsDeclaredPromise(checker: ts.TypeChecker, decl: ts.SignatureDeclaration, depth: number): boolean {
  if (!ts.isFunctionLike(decl) || !('body' in decl) || !decl.body) return false;
  const sig = checker.getSignatureFromDeclaration(decl);
  const ret = sig?.getReturnType();
  if (!ret || ret.isUnion() || ret.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  if (!ts.isBlock(decl.body)) return typeBasis(checker, decl.body, depth + 1).kind === 'declared-type';
  const returns: ts.ReturnStatement[] = [];
  const walk = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) returns.push(n);
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, walk);
  };
  ts.forEachChild(decl.body, walk);
  return returns.length > 0 && returns.every((r) => r.expression !== undefined && typeBasis(checker, r.expression, depth + 1).kind === 'declared-type');
}

/** True when the basis can carry an error by itself. */
export function isDeclared(basis: Basis): boolean {
  return basis.kind === 'declared-type';
}
