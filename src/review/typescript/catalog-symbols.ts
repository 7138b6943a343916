/** Maps source nodes to catalog symbols (`Promise.withResolvers`, `node:fs/promises.glob`) and asks the catalog. */
import { builtinModules } from 'node:module';
import { ts } from 'ts-morph';
import { verifyApi, type ApiVerdict } from '../../catalog/index.js';
import type { ReviewTarget } from '../finding.js';
import { isLibraryFile, skipOuter } from './predicates.js';

export interface CatalogSymbol {
  language: 'javascript' | 'node';
  symbol: string;
}

const BUILTINS = new Set(builtinModules);

/** `fs`, `node:fs`, `fs/promises` -> `node:fs`, `node:fs/promises`; undefined for other modules. */
export function nodeModuleId(specifier: string): string | undefined {
  const bare = specifier.replace(/^node:/, '');
  return BUILTINS.has(bare) || specifier.startsWith('node:') ? `node:${bare}` : undefined;
}

function isGlobalFromLib(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  const sym = checker.getSymbolAtLocation(id);
  if (!sym) return false;
  return sym.declarations?.every((d) => isLibraryFile(d.getSourceFile())) ?? false;
}

/** The module a namespace/default import or require() binding refers to, for `fs.glob`. */
function moduleOfBinding(checker: ts.TypeChecker, id: ts.Identifier): string | undefined {
  let sym = checker.getSymbolAtLocation(id);
  if (!sym) return undefined;
  const decl = sym.declarations?.[0];
  if (decl && (ts.isNamespaceImport(decl) || ts.isImportClause(decl))) {
    const imp = ts.isNamespaceImport(decl) ? decl.parent.parent : decl.parent;
    if (ts.isStringLiteral(imp.moduleSpecifier)) return nodeModuleId(imp.moduleSpecifier.text);
  }
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
    const init = skipOuter(decl.initializer);
    if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') {
      const arg = init.arguments[0];
      if (arg && ts.isStringLiteral(arg)) return nodeModuleId(arg.text);
    }
  }
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return undefined;
}

/** The catalog symbol a property access names, when it is a platform API. */
export function symbolOfAccess(checker: ts.TypeChecker, access: ts.PropertyAccessExpression): CatalogSymbol | undefined {
  const obj = skipOuter(access.expression);
  const name = access.name.text;
  if (ts.isIdentifier(obj)) {
    const mod = moduleOfBinding(checker, obj);
    if (mod) return { language: 'node', symbol: `${mod}.${name}` };
    if (isGlobalFromLib(checker, obj)) return { language: 'javascript', symbol: `${obj.text}.${name}` };
  }
  // Instance members: `arr.findLast` -> Array.prototype.findLast, when the type comes from the lib files.
  const type = checker.getApparentType(checker.getTypeAtLocation(obj));
  const sym = type.getSymbol();
  if (sym && sym.declarations?.some((d) => isLibraryFile(d.getSourceFile())) && !(sym.flags & ts.SymbolFlags.ValueModule)) {
    const declFile = sym.declarations[0]!.getSourceFile().fileName;
    if (/\/@types\/node\//.test(declFile)) return undefined; // Node classes are keyed by module in the catalog
    return { language: 'javascript', symbol: `${sym.getName()}.prototype.${name}` };
  }
  return undefined;
}

/** The catalog symbol of a named import from a Node built-in. */
export function symbolOfImport(spec: ts.ImportSpecifier): CatalogSymbol | undefined {
  const decl = spec.parent.parent.parent;
  if (!ts.isStringLiteral(decl.moduleSpecifier)) return undefined;
  const mod = nodeModuleId(decl.moduleSpecifier.text);
  const name = (spec.propertyName ?? spec.name).text;
  return mod ? { language: 'node', symbol: `${mod}.${name}` } : undefined;
}

/** A per-process cache of verdicts: the catalog is static data, so the answer for a symbol and target never changes. */
const cache = new Map<string, ApiVerdict | undefined>();

export function verdictFor(sym: CatalogSymbol, target: ReviewTarget): ApiVerdict | undefined {
  const t: { node?: string; ecmascript?: string } = {};
  if (target.node) t.node = target.node;
  if (target.ecmascript) t.ecmascript = target.ecmascript;
  const key = `${sym.language}|${sym.symbol}|${t.node ?? ''}|${t.ecmascript ?? ''}`;
  if (cache.has(key)) return cache.get(key);
  let verdict: ApiVerdict | undefined;
  try {
    verdict = verifyApi(sym.language, sym.symbol, t);
  } catch {
    verdict = undefined; // a target the catalog cannot judge: no verdict rather than a guess
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/**
 * The newest ECMAScript edition each Node major implements in full. Hand-curated from the V8 versions Node ships
 * (Node 16: V8 9.4, 18: 10.2, 20: 11.3, 22: 12.4, 24: 13.6) and the edition each feature landed in; used only for
 * built-ins the catalog does not cover, and such findings are marked medium confidence.
 */
const NODE_EDITION: ReadonlyArray<[number, string]> = [
  [24, 'ES2025'],
  [22, 'ES2024'],
  [20, 'ES2023'],
  [18, 'ES2022'],
  [16, 'ES2021'],
  [14, 'ES2020'],
  [12, 'ES2019'],
];

/** The edition a target allows: its `ecmascript`, else the one its Node major implements. */
export function targetEdition(target: ReviewTarget): { edition: string; label: string } | undefined {
  if (target.ecmascript) {
    const e = target.ecmascript.toUpperCase();
    return { edition: e === 'ESNEXT' ? 'ESNext' : e === 'ES6' ? 'ES2015' : e, label: `the target ${target.ecmascript}` };
  }
  const major = Number(target.node?.split('.')[0]);
  if (!Number.isFinite(major)) return undefined;
  const row = NODE_EDITION.find(([m]) => major >= m);
  return row ? { edition: row[1], label: `Node ${target.node}` } : undefined;
}

/** The earliest lib edition (`lib.es2024.object.d.ts` -> ES2024) among a member's declarations, if all are lib files. */
export function libEditionOf(checker: ts.TypeChecker, name: ts.Node): string | undefined {
  const sym = checker.getSymbolAtLocation(name);
  const decls = sym?.declarations;
  if (!decls || decls.length === 0) return undefined;
  let best: string | undefined;
  for (const d of decls) {
    const m = /\/lib\.(es5|es20\d\d|esnext)[.\w]*\.d\.ts$/.exec(d.getSourceFile().fileName);
    if (!m) return undefined; // declared outside the ECMAScript lib (DOM, @types/node): not an edition question
    const e = m[1] === 'es5' ? 'ES5' : m[1] === 'esnext' ? 'ESNext' : `ES${m[1]!.slice(2)}`;
    const order = (x: string): number => (x === 'ESNext' ? 9999 : x === 'ES5' ? 2009 : Number(x.slice(2)));
    if (best === undefined || order(e) < order(best)) best = e;
  }
  return best;
}
