/**
 * Per-node checker queries that tell whether the type checker could report, anywhere in a file, one of the absences
 * hallucinated-api turns into findings: a missing member (TS2339/2551), export (2305/2724/2614), built-in module
 * (2307), option (2353/2561, or 2769 through an overload) or global name (2552).
 *
 * Why: those diagnostics come from the checker's whole-file pass (`getSemanticDiagnostics`), which checks every
 * statement and was about three quarters of a warm review (bench/PROFILE.md). Asking the checker only about the few
 * node kinds those codes are reported at is much cheaper, and for code that uses real APIs (the usual case) it
 * shows that no such diagnostic can exist, so the whole-file pass is skipped. Each test below is written to be
 * looser than the checker's own condition: a node it lets through only costs the whole-file pass, which then
 * decides as before; a node it rules out is one the checker cannot report, so findings stay byte-identical
 * (test/review/typescript/absence-candidates.test.ts compares both ways on the corpora).
 */
import { builtinModules } from 'node:module';
import { ts } from 'ts-morph';
import { editDistance } from '../../catalog/distance.js';
import { isLibraryFile } from './predicates.js';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Types an object literal is never checked for excess properties against (nothing to be excess in). */
const NOT_AN_OBJECT =
  ts.TypeFlags.Any |
  ts.TypeFlags.Unknown |
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.Void |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Null |
  ts.TypeFlags.Never;

function declaredInLibrary(type: ts.Type | undefined): boolean {
  const sym = type?.getSymbol() ?? type?.aliasSymbol;
  return sym?.declarations?.some((d) => isLibraryFile(d.getSourceFile())) ?? false;
}

/** The name an object-literal member or import/export specifier is checked by, when it is a plain one. */
function plainName(name: ts.Node | undefined): string | undefined {
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))) return name.text;
  return undefined;
}

/** A property type that can tell union members apart (TypeScript's isLiteralType: boolean, a unit, or units only). */
function isLiteralish(type: ts.Type): boolean {
  if (type.flags & ts.TypeFlags.Boolean) return true;
  return type.isUnion() ? type.types.every((t) => (t.flags & ts.TypeFlags.Unit) !== 0) : (type.flags & ts.TypeFlags.Unit) !== 0;
}

/**
 * Whether the checker might call member `name` of an object literal excess against `type`. It checks a union
 * against all its object members together (any member knowing the name is enough), unless the literal has a
 * property that can pick one member out (a discriminant: some member declares it with a literal type): then only
 * "every object member knows it" rules the name out. Any string index signature knows every name.
 */
function mayBeExcess(checker: ts.TypeChecker, type: ts.Type, name: string, literalNames: readonly string[]): boolean {
  const objects = (type.isUnion() ? type.types : [type]).filter((m) => (m.flags & NOT_AN_OBJECT) === 0);
  const knows = (m: ts.Type): boolean =>
    checker.getPropertyOfType(m, name) !== undefined || checker.getIndexInfosOfType(m).some((info) => (info.keyType.flags & ts.TypeFlags.String) !== 0);
  if (!type.isUnion()) return objects.some((m) => !knows(m));
  const discriminable = literalNames.some((p) =>
    objects.some((m) => {
      const prop = checker.getPropertyOfType(m, p);
      return prop !== undefined && isLiteralish(checker.getTypeOfSymbol(prop));
    }),
  );
  return discriminable ? objects.some((m) => !knows(m)) : objects.length > 0 && !objects.some(knows);
}

/** Names of an object literal the checker might call excess against `type` (computed names: always maybe). */
function mayHaveExcess(checker: ts.TypeChecker, obj: ts.ObjectLiteralExpression, type: ts.Type): boolean {
  const members = obj.properties.filter((p) => !ts.isSpreadAssignment(p));
  const names = members.map((p) => plainName(p.name));
  const plain = names.filter((n): n is string => n !== undefined);
  return names.some((name) => name === undefined || mayBeExcess(checker, type, name, plain));
}

/** Case-insensitive edit distance (insert, delete, substitute: 1 each), never above the checker's own measure. */
function looseDistance(a: string, b: string): number {
  return editDistance(a.toLowerCase(), b.toLowerCase());
}

/**
 * Whether the checker's spelling suggestion for an unknown `name` could be one of `candidates`. Its rule (TypeScript's
 * getSpellingSuggestion): length within max(2, 34%), distance below 40% + 1, where a substitution costs 2 and a change
 * of case 0.1; the plain distance used here is never larger, so this admits everything the checker would suggest.
 */
function mayBeSuggested(name: string, candidates: Iterable<string>): boolean {
  const maxLength = Math.max(2, Math.floor(name.length * 0.34));
  const below = Math.floor(name.length * 0.4) + 1;
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > maxLength) continue;
    if (looseDistance(name, c) < below) return true;
  }
  return false;
}

/** Identifiers the checker never reports as an unresolved name: members (the 2339 test covers them), labels, meta. */
function isNotAReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isQualifiedName(p) && p.right === id) return true;
  if (ts.isMetaProperty(p)) return true;
  return (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) && p.label === id;
}

/**
 * The first node at which the checker could report one of the absences above, or undefined when per-node queries
 * show it cannot report any (then the whole-file diagnostics would hold none of those codes that hallucinated-api
 * could use).
 */
export function firstAbsenceCandidate(checker: ts.TypeChecker, sourceFile: ts.SourceFile): ts.Node | undefined {
  let libraryGlobals: Set<string> | undefined;
  const globalsOfLibraries = (): Set<string> => {
    libraryGlobals ??= new Set(
      checker
        .getSymbolsInScope(sourceFile, ts.SymbolFlags.Value | ts.SymbolFlags.Type)
        .filter((s) => s.declarations?.some((d) => isLibraryFile(d.getSourceFile())))
        .map((s) => s.getName()),
    );
    return libraryGlobals;
  };

  const isCandidate = (node: ts.Node): boolean => {
    if (ts.isPropertyAccessExpression(node)) {
      // TS2339/2551 leave the name unresolved; hallucinated-api only reports members of library-declared receivers.
      if (checker.getSymbolAtLocation(node.name) !== undefined) return false;
      const type = checker.getTypeAtLocation(node.expression);
      const apparent = checker.getApparentType(type);
      // A string index signature answers every name (`process.env.PORT`): the checker reports no absence there.
      if (checker.getIndexInfosOfType(apparent).some((info) => (info.keyType.flags & ts.TypeFlags.String) !== 0)) return false;
      return declaredInLibrary(apparent) || declaredInLibrary(type);
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      // TS2305/2724/2614: a named import or re-export the module's exports lack, for library modules.
      const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
      if (!bindings || !(ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) return false;
      const mod = checker.getSymbolAtLocation(node.moduleSpecifier);
      if (!mod?.declarations?.some((d) => isLibraryFile(d.getSourceFile()))) return false;
      const exported = new Set(checker.getExportsOfModule(mod).map((s) => s.getName()));
      return bindings.elements.some((e) => {
        const name = plainName(e.propertyName ?? e.name);
        return name === undefined || !exported.has(name);
      });
    }
    if (ts.isStringLiteralLike(node)) {
      // TS2307 matters only for a specifier that claims to be built in and is not one.
      const spec = node.text;
      return (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0] ?? '')) && !BUILTINS.has(spec);
    }
    if (ts.isObjectLiteralExpression(node)) {
      // TS2353/2561 against the literal's contextual type, reported when one of its members is library-declared.
      const contextual = checker.getContextualType(node);
      if (!contextual) return false;
      const types = contextual.isUnion() ? contextual.types : [contextual];
      return types.some((t) => declaredInLibrary(t)) && mayHaveExcess(checker, node, contextual);
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // TS2769: every overload failed, one of them on an excess property of an object-literal argument.
      const args = node.arguments ?? [];
      if (!args.some((a) => ts.isObjectLiteralExpression(a))) return false;
      // `super(...)` resolves against the base class's construct signatures, not the type of `super`: left to the check.
      if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return true;
      const callee = checker.getApparentType(checker.getTypeAtLocation(node.expression));
      const signatures = ts.isNewExpression(node) ? callee.getConstructSignatures() : callee.getCallSignatures();
      if (signatures.length < 2) return false;
      // When no overload is generic, a failed call resolves to a signature made up for the failure, and a call that
      // succeeded to one of the declared overloads: then no overload error exists.
      if (signatures.every((sig) => sig.getTypeParameters() === undefined) && signatures.includes(checker.getResolvedSignature(node)!)) return false;
      return args.some((arg, i) => {
        if (!ts.isObjectLiteralExpression(arg)) return false;
        return signatures.some((sig) => {
          const params = sig.getParameters();
          const param = params[Math.min(i, params.length - 1)];
          if (!param) return false; // no parameters: the argument is surplus (TS2554), not an unknown option
          const decl = param.valueDeclaration;
          const rest = decl !== undefined && ts.isParameter(decl) && decl.dotDotDotToken !== undefined;
          if (!rest && i >= params.length) return false;
          const type = checker.getTypeOfSymbol(param);
          const element = rest ? checker.getIndexInfosOfType(type).find((x) => (x.keyType.flags & ts.TypeFlags.Number) !== 0)?.type : type;
          return element === undefined || (element.flags & ts.TypeFlags.TypeParameter) !== 0 || mayHaveExcess(checker, arg, element);
        });
      });
    }
    if (ts.isIdentifier(node)) {
      // TS2552: an unresolved name whose spelling suggestion could be a library global.
      if (isNotAReference(node) || checker.getSymbolAtLocation(node) !== undefined) return false;
      return mayBeSuggested(node.text, globalsOfLibraries());
    }
    return false;
  };

  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (isCandidate(node)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
