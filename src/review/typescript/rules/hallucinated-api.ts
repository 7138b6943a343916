import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ts } from 'ts-morph';
import { editDistance } from '../../../catalog/distance.js';
import { firstAbsenceCandidate } from '../absence-candidates.js';
import { packageOfFile } from '../../installed.js';
import { typeBasis } from '../basis.js';
import { isGuardedUse, isLibraryFile, isThenableType, outerParent } from '../predicates.js';
import { symbolOfAccess, symbolOfImport, verdictFor, type CatalogSymbol } from '../catalog-symbols.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'hallucinated-api',
  description: 'A member, function, module, export or option that does not exist in the real type definitions.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    member: '`{{name}}` does not exist on `{{owner}}` in the real type definitions.{{suggest}}',
    memberInstalled: '`{{name}}` is not declared on `{{owner}}` by {{package}}, the version installed in this project ({{file}}), so TypeScript rejects it.{{suggest}}',
    export: 'Module `{{module}}` has no export `{{name}}`.{{suggest}}',
    module: 'There is no built-in module `{{module}}`.{{suggest}}',
    option: '`{{name}}` is not an option of `{{owner}}`; it would be silently ignored at run time.{{suggest}}',
    global: '`{{name}}` is not defined anywhere.{{suggest}}',
  },
};

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const PROMISE_METHOD = /^(then|catch|finally)$/;
const CODES = new Set([2339, 2551, 2305, 2724, 2307, 2353, 2561, 2552, 2614, 2769]);

/** The innermost node that starts exactly at `pos`. */
function nodeAt(sf: ts.SourceFile, pos: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const walk = (n: ts.Node): void => {
    if (pos < n.getStart(sf) || pos >= n.getEnd()) return;
    if (n.getStart(sf) === pos) found = n;
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return found;
}

function didYouMean(d: ts.Diagnostic): string[] {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const m = /Did you mean(?: to write)?(?: the static member)? '([^']+)'/.exec(text);
  return m?.[1] ? [m[1]] : [];
}

/** "`Readable` (stream.d.ts)": the declared type a claim of absence rests on. */
function declaredTypeDetail(checker: ts.TypeChecker, type: ts.Type): string {
  const sym = type.getSymbol() ?? type.aliasSymbol;
  const file = sym?.declarations?.find((d) => isLibraryFile(d.getSourceFile()))?.getSourceFile().fileName;
  return `\`${checker.typeToString(type).slice(0, 60)}\`${file ? ` (${basename(file)})` : ''} has no such member`;
}

/** The third-party package (not a lib file, not @types/node) that declares a type, as installed. */
function thirdPartyOf(type: ts.Type): { name: string; version: string; file: string } | undefined {
  const sym = type.getSymbol() ?? type.aliasSymbol;
  const file = sym?.declarations?.map((d) => d.getSourceFile().fileName).find((f) => /\/node_modules\//.test(f) && !/\/node_modules\/@types\/node\//.test(f));
  return file ? packageOfFile(file) : undefined;
}

function fromLibrary(type: ts.Type | undefined): boolean {
  const sym = type?.getSymbol() ?? type?.aliasSymbol;
  return sym?.declarations?.some((d) => isLibraryFile(d.getSourceFile())) ?? false;
}

/** Closest names by edit distance, for modules the checker has no suggestion for. */
function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  return [...candidates]
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

function suggestText(names: string[]): string {
  const real = [...new Set(names)].slice(0, 3);
  return real.length > 0 ? ` Did you mean ${real.map((n) => `\`${n}\``).join(', ')}?` : '';
}

export function create(ctx: RuleContext): RuleListeners {
  const { checker, sourceFile } = ctx;

  const memberOwner = (access: ts.PropertyAccessExpression, suggested: string): { owner: string; library: boolean; promiseOfIt: boolean } => {
    const objType = checker.getTypeAtLocation(access.expression);
    const apparent = checker.getApparentType(objType);
    const name = access.name.text;
    let promiseOfIt = false;
    if (isThenableType(checker, objType)) {
      const awaited = checker.getAwaitedType(objType);
      // `Promise<Session | null>`: the member exists once awaited and narrowed; `null` must not hide it.
      const settled = awaited && checker.getNonNullableType(awaited);
      const members = settled ? (settled.isUnion() ? settled.types : [settled]) : [];
      promiseOfIt = members.some((t) => (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || checker.getApparentType(t).getProperty(name) !== undefined);
      // Neither on the promise nor on its value, and no near-miss of `then`/`catch`/`finally`: the missing await is
      // still the first bug, and missing-await reports it.
      if (!promiseOfIt && !PROMISE_METHOD.test(suggested)) promiseOfIt = true;
    }
    return { owner: access.expression.getText(sourceFile).replace(/\s+/g, ' ').slice(0, 40), library: fromLibrary(apparent) || fromLibrary(objType), promiseOfIt };
  };

  /** The catalog's word: undefined to go on (with its suggestions), or 'exists' when it knows the API (maybe too new). */
  const catalogSays = (sym: CatalogSymbol | undefined): { exists: boolean; suggestions: string[] } => {
    const v = sym && verdictFor(sym, {});
    if (!v) return { exists: false, suggestions: [] };
    if (v.status === 'verified' || v.status === 'too_new' || v.status === 'removed') return { exists: true, suggestions: [] };
    return { exists: false, suggestions: (v.suggestions ?? []).map((x) => x.replace(/^node:/, '')) };
  };

  const check = (d: ts.Diagnostic): void => {
    if (d.start === undefined) return;
    const node = nodeAt(sourceFile, d.start);
    if (!node) return;
    const suggestions = didYouMean(d);
    switch (d.code) {
      case 2339:
      case 2551: {
        const p = node.parent;
        if (!p || !ts.isPropertyAccessExpression(p) || p.name !== node) return;
        const { owner, library, promiseOfIt } = memberOwner(p, suggestions[0] ?? '');
        if (!library || promiseOfIt) return; // a property of the awaited value: missing-await says so
        if (isOpenObject(checker, p.expression)) return;
        // Conventionally private members (`_readableState`) exist at run time but are left out of declarations.
        if (p.name.text.startsWith('_')) return;
        // Writing a member adds it; testing for one is feature detection: neither uses an invented API.
        if (isAssignmentTarget(p) || isGuardedUse(p)) return;
        // "Does not exist" needs a declared receiver: a type inferred from values in the code is not the whole object.
        // Declarations of an older runtime than the target cannot say what the target lacks.
        if (typesOlderThanTarget(checker.getApparentType(checker.getTypeAtLocation(p.expression)), ctx.target.node)) return;
        const receiver = typeBasis(checker, p.expression);
        if (receiver.kind !== 'declared-type' || isOpenDeclaredType(checker, p.expression)) return;
        const cat = catalogSays(symbolOfAccess(checker, p));
        if (cat.exists) return; // real, only newer than the bundled types: too-new-api judges it
        suggestions.push(...cat.suggestions);
        const receiverType = checker.getApparentType(checker.getTypeAtLocation(p.expression));
        const pkg = thirdPartyOf(receiverType);
        const basis = { kind: 'declared-type' as const, detail: `${declaredTypeDetail(checker, receiverType)}${pkg ? ` in ${pkg.name}@${pkg.version} as installed` : ''}` };
        const data = { name: p.name.text, owner, suggest: suggestText(suggestions), ...(pkg ? { package: `${pkg.name}@${pkg.version}`, file: pkg.file } : {}) };
        // A package's types can leave out members its JavaScript has (ioredis declares none of its ~900 generated
        // `*Buffer` commands): TypeScript rejects such a call, plain JavaScript runs it, so in a .js file it is a warning.
        // In plain JavaScript a read that is not called yields `undefined` rather than throwing, and declarations
        // leave out members the runtime still has (deprecated aliases, legacy constants): whether it misbehaves
        // depends on the use. TypeScript rejects the read outright, so there it stays an error.
        const jsFile = /\.[cm]?jsx?$/.test(sourceFile.fileName) && (pkg !== undefined || !isCalled(p));
        ctx.report({ node, messageId: pkg ? 'memberInstalled' : 'member', data, basis, suggestion: suggestions[0] ? `${owner}.${suggestions[0]}` : undefined, ...(jsFile ? { severity: 'warning' as const } : {}) });
        return;
      }
      case 2305:
      case 2724:
      case 2614: {
        const decl = findAncestor(node, (n) => ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) as ts.ImportDeclaration | ts.ExportDeclaration | undefined;
        const spec = decl?.moduleSpecifier;
        if (!spec || !ts.isStringLiteral(spec)) return;
        const modSym = checker.getSymbolAtLocation(spec);
        if (!modSym?.declarations?.some((x) => isLibraryFile(x.getSourceFile()))) return;
        const exports = checker.getExportsOfModule(modSym).map((s) => s.getName());
        const name = ts.isIdentifier(node) ? node.text : node.getText(sourceFile);
        const spec2 = findAncestor(node, (n) => ts.isImportSpecifier(n));
        const cat = catalogSays(spec2 && ts.isImportSpecifier(spec2) ? symbolOfImport(spec2) : undefined);
        if (cat.exists) return;
        const all = [...suggestions, ...closest(name, exports), ...cat.suggestions];
        ctx.report({ node, messageId: 'export', data: { module: spec.text, name, suggest: suggestText(all) }, basis: { kind: 'declared-type', detail: `the exports of \`${spec.text}\` in ${basename(modSym.declarations[0]!.getSourceFile().fileName)}` } });
        return;
      }
      case 2307: {
        if (!ts.isStringLiteralLike(node)) return;
        const spec = node.text;
        const base = spec.replace(/^node:/, '').split('/')[0] ?? '';
        // Only specifiers that claim to be built in: a missing third-party package is not an invented API.
        if (!spec.startsWith('node:') && !BUILTINS.has(base)) return;
        if (BUILTINS.has(spec)) return;
        const plain = [...BUILTINS].filter((m) => !m.startsWith('node:') && !m.startsWith('_'));
        const near = closest(spec.replace(/^node:/, ''), plain).map((m) => (spec.startsWith('node:') ? `node:${m}` : m));
        ctx.report({ node, messageId: 'module', data: { module: spec, suggest: suggestText(near) }, basis: { kind: 'catalog', detail: `the built-in modules of Node ${process.versions.node} (node:module builtinModules)` } });
        return;
      }
      case 2353:
      case 2561: {
        const prop = findAncestor(node, (n) => ts.isObjectLiteralElementLike(n)) as ts.ObjectLiteralElementLike | undefined;
        const obj = prop?.parent;
        if (!prop || !obj || !ts.isObjectLiteralExpression(obj)) return;
        const contextual = checker.getContextualType(obj);
        if (!contextual) return;
        const types = contextual.isUnion() ? contextual.types : [contextual];
        if (!types.some((t) => fromLibrary(t))) return;
        const ownerName = checker.typeToString(contextual).slice(0, 40);
        const name = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : node.getText(sourceFile);
        if (name === '__proto__') return; // `{ __proto__: null }` sets the prototype: it is no option
        // An unknown option is ignored, not thrown: in plain JavaScript (no compiler holds the object to the type,
        // and a host may read options the declarations lack) whether that misbehaves depends on the use.
        const js = /\.[cm]?jsx?$/.test(sourceFile.fileName);
        ctx.report({ node, messageId: 'option', data: { name, owner: ownerName, suggest: suggestText(suggestions) }, basis: { kind: 'declared-type', detail: `the options type \`${ownerName}\` in the library's declarations` }, ...(js ? { severity: 'warning' as const } : {}) });
        return;
      }
      case 2769: {
        // No overload matched; when every overload rejects the same unknown option, that option is invented.
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        const m = /Object literal may only specify known properties, and '([^']+)' does not exist in type '([^']+)'/.exec(text);
        if (!m) return;
        const call = findAncestor(node, (n) => ts.isCallExpression(n) || ts.isNewExpression(n)) as ts.CallExpression | ts.NewExpression | undefined;
        if (!call) return;
        const sig = checker.getResolvedSignature(call);
        const calleeDecl = sig?.getDeclaration() ?? checker.getSymbolAtLocation(ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression)?.declarations?.[0];
        if (!calleeDecl || !isLibraryFile(calleeDecl.getSourceFile())) return;
        let prop: ts.Node | undefined;
        for (const arg of call.arguments ?? []) {
          if (!ts.isObjectLiteralExpression(arg)) continue;
          prop = arg.properties.find((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === m[1])?.name;
          if (prop) break;
        }
        if (!prop) return;
        const js = /\.[cm]?jsx?$/.test(sourceFile.fileName); // ignored, not thrown: see case 2353
        ctx.report({ node: prop, messageId: 'option', data: { name: m[1]!, owner: m[2]!.slice(0, 40), suggest: '' }, basis: { kind: 'declared-type', detail: `every overload of the callee (${basename(calleeDecl.getSourceFile().fileName)}) rejects it` }, ...(js ? { severity: 'warning' as const } : {}) });
        return;
      }
      case 2552: {
        if (!ts.isIdentifier(node) || suggestions.length === 0) return;
        // Snippets use helpers defined elsewhere: only a near-miss of a real global is reported.
        const target = checker.getSymbolsInScope(node, ts.SymbolFlags.Value | ts.SymbolFlags.Type).find((s) => s.getName() === suggestions[0]);
        if (!target?.declarations?.some((x) => isLibraryFile(x.getSourceFile()))) return;
        // A global may come from a script the checker does not see (a browser page, a test runner): likely, not certain.
        ctx.report({ node, messageId: 'global', data: { name: node.text, suggest: suggestText(suggestions) }, confidence: 'medium', severity: 'warning', suggestion: suggestions[0], basis: { kind: 'declared-type', detail: `no declaration in scope; \`${suggestions[0]}\` is a declared global` } });
        return;
      }
    }
  };

  return {
    [ts.SyntaxKind.SourceFile]() {
      // The whole-file check is most of a review's time: it runs only where per-node queries show it could find one.
      if (!firstAbsenceCandidate(checker, sourceFile)) return;
      for (const d of ctx.program.getSemanticDiagnostics(sourceFile)) if (CODES.has(d.code)) check(d);
    },
  };
}

/**
 * Objects that code extends at run time by design: errors carry `code`, `status`, `response`...; `globalThis` and
 * `process.env` hold whatever the program puts there. A member missing from their static type is a typing gap.
 */
function isOpenObject(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const text = expr.getText();
  if (/^(globalThis|global|window|self)$/.test(text) || /(^|\.)env$/.test(text)) return true;
  const type = checker.getApparentType(checker.getTypeAtLocation(expr));
  const isError = (t: ts.Type): boolean => {
    const name = t.getSymbol()?.getName() ?? '';
    if (/Error$/.test(name) || name === 'DOMException') return true;
    return (t.isClassOrInterface() ? checker.getBaseTypes(t) : []).some(isError);
  };
  return isError(type);
}

/** The type is declared by an @types/node older than the target Node major (its package.json says which). */
function typesOlderThanTarget(type: ts.Type, targetNode: string | undefined): boolean {
  const major = Number(targetNode?.split('.')[0]);
  const file = (type.getSymbol() ?? type.aliasSymbol)?.declarations?.[0]?.getSourceFile().fileName;
  const m = file && /^(.*\/@types\/node)\//.exec(file);
  if (!m || !Number.isFinite(major)) return false;
  try {
    const version = (JSON.parse(readFileSync(`${m[1]}/package.json`, 'utf8')) as { version?: string }).version ?? '';
    return Number(version.split('.')[0]) < major;
  } catch {
    return false; // the in-memory snippet files: our bundled @types/node, which matches the default target
  }
}

/** `x.y(...)` or `new x.y(...)`: the member is called, so a missing one throws. */
function isCalled(access: ts.PropertyAccessExpression): boolean {
  let n: ts.Node = access;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  const p = n.parent;
  return p !== undefined && (ts.isCallExpression(p) || ts.isNewExpression(p) || ts.isTaggedTemplateExpression(p)) && (ts.isTaggedTemplateExpression(p) ? p.tag : p.expression) === n;
}

/** `x.y = v`, `x.y ??= v`, `x.y++`: the member is written, not read. */
function isAssignmentTarget(access: ts.PropertyAccessExpression): boolean {
  const p = outerParent(access);
  if (!p) return false;
  if (ts.isBinaryExpression(p) && p.left === access && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  return ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p) || ts.isDeleteExpression(p);
}

/** `Object`, `object`, `{}` and index-signature types are declared open: any member may be there. */
function isOpenDeclaredType(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expr);
  const text = checker.typeToString(type);
  if (text === 'Object' || text === 'object' || text === '{}') return true;
  return checker.getIndexInfosOfType(type).length > 0;
}

function findAncestor(node: ts.Node, pred: (n: ts.Node) => boolean): ts.Node | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (pred(n)) return n;
  return undefined;
}

