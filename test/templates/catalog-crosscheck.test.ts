// Cross-check of the pattern templates against the verified-API catalog (issue 4, "When the catalog exists").
// Every API a Python or TypeScript template declares in its header's `apis:` must be `verified` at the template's
// declared minimum, and so must every Node or ECMAScript API the TypeScript checker resolves in its code, unless the
// catalog does not cover it at all (ALLOWED_UNCOVERED, below). A too_new, removed or not_found answer always fails.
// Below the oldest Python the catalog can date (typeshed's gates start at 3.11, so 3.10 is the oldest they tell apart;
// older versions are dated only by the 3.11 docs' "New in version" notes), a name the docs do not date answers
// cannot_verify with `atOrBefore`: such a name must be verified at that version instead, and is counted as undated.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, Project, SyntaxKind, type SourceFile, type Symbol as MorphSymbol } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApi, type ApiTarget, type ApiVerdict } from '../../src/catalog/index.js';
import { loadTemplateRegistry, type TemplateFile } from '../../src/templates/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const registry = loadTemplateRegistry(ROOT);
const pythonTemplates = registry.templates.filter((t) => t.language === 'python');
const tsTemplates = registry.templates.filter((t) => t.language === 'typescript');

/**
 * The targets a template promises, one per axis the catalog judges. A bare Node major is its line's first release:
 * verifyApi reads "20" as "a current 20.x" and only adds a caveat for an API from 20.3, but a minimum is a floor.
 */
function targetsOf(template: TemplateFile): ApiTarget[] {
  const min = template.header.minimum;
  if (template.language === 'python') return [{ python: min.python ?? 'missing' }];
  const node = min.node ?? 'missing';
  return [{ node: /^\d+$/.test(node) ? `${node}.0.0` : node }, { ecmascript: min.ecmascript ?? 'missing' }];
}

const languageOf = (template: TemplateFile): 'python' | 'node' => (template.language === 'python' ? 'python' : 'node');

/** The worst verdict over the template's targets: the first one that is not `verified`, else the last. */
function verdictAtMinimum(template: TemplateFile, api: string): ApiVerdict {
  const verdicts = targetsOf(template).map((target) => verifyApi(languageOf(template), api, target));
  return verdicts.find((v) => v.status !== 'verified') ?? verdicts.at(-1)!;
}

const show = (asked: string, v: ApiVerdict): string =>
  `${asked}${v.symbol !== asked ? ` -> ${v.symbol}` : ''}: ${v.status}${v.reason ? ` (${v.reason})` : ''}`;

/** Last name of an id, for `Worker.terminate` -> `node:worker_threads.Worker.prototype.terminate`. */
const lastName = (id: string): string => id.split(/[./]/).pop() ?? id;

/**
 * Does the catalog's canonical id name the API that was asked? The resolver also accepts `promise.finally`-style
 * spellings and suffixes, so `Set` can come back as `Headers.prototype.set`: such an answer is about another API.
 */
function sameApi(asked: string, canonical: string): boolean {
  const norm = (id: string) => id.replace(/^node:/, '').replace(/\.prototype(?=\.|\[)/g, '');
  const a = norm(asked);
  const c = norm(canonical);
  // Node's global timers are the timers module's functions: `setTimeout` answers as `node:timers.setTimeout`.
  return a === c || `timers.${a}` === c;
}

interface Figures {
  header: number;
  headerUnique: Set<string>;
  checker: number;
  checkerUnique: Set<string>;
  allowlisted: Set<string>;
  /** Verified at the catalog's oldest dated version, undated at the template's older minimum. */
  undated: Set<string>;
}
const figures: Record<'python' | 'typescript', Figures> = {
  python: { header: 0, headerUnique: new Set(), checker: 0, checkerUnique: new Set(), allowlisted: new Set(), undated: new Set() },
  typescript: { header: 0, headerUnique: new Set(), checker: 0, checkerUnique: new Set(), allowlisted: new Set(), undated: new Set() },
};

/**
 * Header APIs of Python templates that the catalog does not cover (its coverage statement names the modules it
 * reads), each with its reason. An entry only excuses a `cannot_verify` answer, never too_new or not_found, and every
 * entry must be needed by some template, so the list names what is unverified instead of hiding it.
 */
const ALLOWED_UNCOVERED_PYTHON = new Map<string, string>([
  ['os._exit', 'the hard exit after a failed drain: the os module is outside the catalog, which covers asyncio and its neighbours'],
]);

describe('catalog cross-check: APIs declared in template headers', () => {
  const usedPython = new Set<string>();

  it('finds Python and TypeScript templates, main and legacy', () => {
    expect(pythonTemplates.length).toBeGreaterThanOrEqual(14);
    expect(tsTemplates.length).toBeGreaterThanOrEqual(14);
    expect(pythonTemplates.some((t) => t.legacy) && tsTemplates.some((t) => t.legacy)).toBe(true);
  });

  it.each([...pythonTemplates, ...tsTemplates].map((t) => [t.file, t] as const))('%s', (_file, template) => {
    const f = figures[template.language === 'python' ? 'python' : 'typescript'];
    const failures: string[] = [];
    // A library variant's own package APIs (`tenacity.AsyncRetrying`, `p-retry.default`) are outside the catalog by
    // definition: its verification type-checks them against the pinned package. The runtime APIs are checked here.
    const packages = (template.header.library?.packages ?? []).map((p) => p.name);
    const fromPackage = (api: string) => packages.some((name) => api.startsWith(`${name}.`));
    for (const api of template.header.apis.filter((a) => !fromPackage(a))) {
      f.header++;
      f.headerUnique.add(api);
      const v = verdictAtMinimum(template, api);
      if (v.status === 'cannot_verify' && template.language === 'python' && ALLOWED_UNCOVERED_PYTHON.has(api)) {
        usedPython.add(api);
        f.allowlisted.add(api);
        continue;
      }
      const floor = v.status === 'cannot_verify' && template.language === 'python' ? v.atOrBefore?.python : undefined;
      if (floor !== undefined) {
        const atFloor = verifyApi('python', api, { python: floor });
        if (atFloor.status === 'verified' && lastName(atFloor.symbol) === lastName(api)) f.undated.add(api);
        else failures.push(`${show(api, v)}; at python ${floor}: ${show(api, atFloor)}`);
        continue;
      }
      if (v.status !== 'verified') failures.push(show(api, v));
      else if (lastName(v.symbol) !== lastName(api)) failures.push(`${show(api, v)}: answered for another API`);
    }
    expect(failures, `at ${JSON.stringify(targetsOf(template))}`).toEqual([]);
  });

  it('every Python allowlist entry is needed', () => {
    expect([...ALLOWED_UNCOVERED_PYTHON.keys()].filter((k) => !usedPython.has(k))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// APIs the TypeScript checker resolves in each template's code.

const LIB_FILE = /\/typescript\/lib\/lib\.[\w.]+\.d\.ts$/;
const NODE_TYPES = /\/node_modules\/@types\/node\//;
const isPlatformFile = (file: string): boolean => LIB_FILE.test(file) || NODE_TYPES.test(file);

/** The symbol a name node refers to, through import aliases. */
function targetSymbol(node: Node): MorphSymbol | undefined {
  const symbol = node.getSymbol();
  if (!symbol) return undefined;
  return symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
}

interface Scope {
  /** Node module (`timers/promises`) the declaration sits in; undefined for globals. */
  module?: string;
  /** Enclosing namespace/interface/class names, outermost first. */
  containers: string[];
  /** Set when the declaration sits in the type literal of `var X: { ... }`: a static member of X. */
  staticOf?: string;
}

/** Where a platform declaration sits: a Node module or the global scope, and inside which types. */
function scopeOf(decl: Node): Scope {
  const containers: string[] = [];
  let staticOf: string | undefined;
  for (let p = decl.getParent(); p && !Node.isSourceFile(p); p = p.getParent()) {
    if (Node.isModuleDeclaration(p)) {
      const name = p.getName();
      if (name === 'global') return { containers, ...(staticOf ? { staticOf } : {}) };
      if (/^['"]/.test(name)) return { module: name.slice(1, -1).replace(/^node:/, ''), containers, ...(staticOf ? { staticOf } : {}) };
      containers.unshift(name);
    } else if (Node.isInterfaceDeclaration(p) || Node.isClassDeclaration(p)) {
      containers.unshift(p.getName() ?? '');
    } else if (Node.isTypeLiteral(p) && staticOf === undefined && containers.length === 0) {
      // `var AbortSignal: { prototype: AbortSignal; timeout(ms: number): AbortSignal }`: the literal is the constructor.
      const v = p.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
      if (v) staticOf = v.getName();
    }
  }
  return { containers, ...(staticOf ? { staticOf } : {}) };
}

const isStaticMember = (decl: Node): boolean =>
  (Node.isMethodDeclaration(decl) || Node.isPropertyDeclaration(decl)) && decl.isStatic();

/** Catalog spelling of a member declared on a platform type: `Promise.prototype.then`, `AbortSignal.timeout`. */
function memberId(decl: Node, member: string): string | undefined {
  const scope = scopeOf(decl);
  const prefix = scope.module ? `node:${scope.module}.` : '';
  if (scope.staticOf) return `${prefix}${scope.staticOf}.${member}`;
  const owner = scope.containers.at(-1);
  if (!owner) return undefined;
  const outer = scope.containers.slice(0, -1);
  const qualified = (name: string) => `${prefix}${[...outer, name].join('.')}`;
  if (!scope.module && owner.endsWith('Constructor')) return `${qualified(owner.slice(0, -'Constructor'.length))}.${member}`;
  return isStaticMember(decl) ? `${qualified(owner)}.${member}` : `${qualified(owner)}.prototype.${member}`;
}

/** Catalog spelling of a platform value used by name: `setTimeout`, `Promise`, `node:timers/promises.setTimeout`. */
function valueId(decl: Node, name: string): string | undefined {
  const scope = scopeOf(decl);
  if (scope.containers.length > 0 || scope.staticOf) return undefined;
  return scope.module ? `node:${scope.module}.${name}` : name;
}

const platformDeclaration = (symbol: MorphSymbol | undefined): Node | undefined =>
  symbol?.getDeclarations().find((d) => isPlatformFile(d.getSourceFile().getFilePath()));

interface Resolved {
  id: string;
  /** Where it was seen, for messages: `templates/typescript/timeout.ts:42 signal.throwIfAborted`. */
  at: string;
}

/** Catalog ids for the platform APIs a template's code uses, as the checker resolves them. */
function resolvedApis(sf: SourceFile, file: string): Resolved[] {
  const out: Resolved[] = [];
  const push = (id: string | undefined, node: Node) => {
    if (id) out.push({ id, at: `${file}:${node.getStartLineNumber()} ${node.getText().replace(/\s+/g, ' ').slice(0, 60)}` });
  };
  sf.forEachDescendant((node) => {
    if (Node.isPropertyAccessExpression(node)) {
      const memberDecl = platformDeclaration(targetSymbol(node.getNameNode()));
      if (!memberDecl) return;
      const member = node.getName();
      const receiver = node.getExpression();
      const receiverSymbol = Node.isIdentifier(receiver) ? targetSymbol(receiver) : undefined;
      const receiverDecl = platformDeclaration(receiverSymbol);
      // A module namespace (`import * as fsp from 'node:fs/promises'`) or a platform value named directly
      // (`Promise.allSettled`, `process.once`): the catalog spells the member after the receiver's name.
      if (receiverDecl && Node.isModuleDeclaration(receiverDecl)) {
        push(`node:${receiverDecl.getName().slice(1, -1).replace(/^node:/, '')}.${member}`, node);
      } else if (receiverDecl && receiverSymbol) {
        const base = valueId(receiverDecl, receiverSymbol.getName());
        push(base ? `${base}.${member}` : memberId(memberDecl, member), node);
      } else {
        push(memberId(memberDecl, member), node);
      }
    } else if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
      const callee = node.getExpression();
      if (!Node.isIdentifier(callee)) return;
      const symbol = targetSymbol(callee);
      const decl = platformDeclaration(symbol);
      if (decl && symbol) push(valueId(decl, symbol.getName()), node);
    }
  });
  return out;
}

/**
 * Platform APIs the catalog does not cover, by the id's first segment (or the whole id), each with its reason. An
 * entry only excuses a `cannot_verify` answer or an answer about another API (see sameApi); every entry must be
 * needed by some template, so the list cannot go stale.
 */
const ALLOWED_UNCOVERED = new Map<string, string>([
  ['ReadonlyArray', 'the read-only view of Array: a TypeScript type with no runtime global, so no catalog entry'],
  ['String', 'String() conversions and string methods in argument checks: not async'],
  ['Number', 'Number.isInteger/isFinite in argument checks: not async'],
  ['Math', 'Math.max/min/random for backoff arithmetic: not async'],
  ['Date', 'Date.now for wall-clock stamps: not async'],
  ['Map', 'Map as a registry of in-flight work: a plain collection'],
  ['Set', 'Set as the collection of running operations: a plain collection'],
  ['Error', 'the Error base class and its name/message: not async-specific (AggregateError is covered)'],
  ['TypeError', 'thrown by argument checks: not async-specific'],
  ['RangeError', 'thrown by argument checks: not async-specific'],
  ['Iterator', 'the synchronous iterator protocol (AsyncIterator is covered)'],
  ['IteratorYieldResult', 'the { value, done } shape shared by sync and async iterators: not catalogued'],
  ['IteratorReturnResult', 'the { value, done } shape shared by sync and async iterators: not catalogued'],
  ['performance', 'performance.now: the catalog lists node:perf_hooks.performance itself, not its methods'],
]);

/** The allowlist entry that excuses an id, if any: the whole id, else its first segment. */
function allowedBy(id: string): string | undefined {
  const bare = id.replace(/^node:/, '');
  if (ALLOWED_UNCOVERED.has(bare)) return bare;
  const root = bare.split(/[.[]/)[0] ?? bare;
  return ALLOWED_UNCOVERED.has(root) ? root : undefined;
}

describe('catalog cross-check: APIs the TypeScript checker resolves', () => {
  // One long-lived Project with the template type-check's own options (test/templates/tsconfig.json: strict, lib
  // ES2022, @types/node 20), so the checker resolves exactly what `tsc` resolves there.
  let project: Project;
  const used = new Set<string>();
  // An in-memory probe (never written) that exercises each way the walk names an API.
  const PROBE = path.join(ROOT, 'test/templates/crosscheck-probe.ts');
  beforeAll(() => {
    project = new Project({ tsConfigFilePath: path.join(ROOT, 'test/templates/tsconfig.json'), skipAddingFilesFromTsConfig: true });
    for (const t of tsTemplates) project.addSourceFileAtPath(path.join(ROOT, t.file));
    project.createSourceFile(PROBE, [
      "import { setTimeout as delay } from 'node:timers/promises';",
      "import * as fsp from 'node:fs/promises';",
      "import { Worker } from 'node:worker_threads';",
      'export async function probe(p: Promise<number>, w: Worker, s: AbortSignal): Promise<void> {',
      "  await delay(1);",
      "  await fsp.readFile('x');",
      '  await w.terminate();',
      '  s.throwIfAborted();',
      '  await Promise.allSettled([p.then((x) => x)]);',
      '  AbortSignal.timeout(1);',
      "  process.once('exit', () => undefined);",
      '  setTimeout(() => undefined, 1);',
      "  new Map<string, number>().get('a');",
      '}',
    ].join('\n'), { overwrite: true });
  });

  it('the templates type-check in that project (otherwise the checker would resolve nothing)', () => {
    const diagnostics = project.getPreEmitDiagnostics().map((d) => `${d.getSourceFile()?.getFilePath() ?? ''}: ${String(d.getMessageText())}`);
    expect(diagnostics).toEqual([]);
  });

  it('names imports, namespaces, statics, instance members and globals as the catalog spells them', () => {
    const ids = [...new Set(resolvedApis(project.getSourceFileOrThrow(PROBE), 'probe').map((r) => r.id))].sort();
    expect(ids).toEqual([
      'AbortSignal.prototype.throwIfAborted',
      'AbortSignal.timeout',
      'Map',
      'Map.prototype.get',
      'Promise.allSettled',
      'Promise.prototype.then',
      'node:fs/promises.readFile',
      'node:timers/promises.setTimeout',
      'node:worker_threads.Worker.prototype.terminate',
      'process.once',
      'setTimeout',
    ]);
  });

  it.each(tsTemplates.map((t) => [t.file, t] as const))('%s', (_file, template) => {
    const f = figures.typescript;
    const resolved = resolvedApis(project.getSourceFileOrThrow(path.join(ROOT, template.file)), template.file);
    expect(resolved.length, 'platform APIs resolved').toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { id, at } of resolved) {
      f.checker++;
      f.checkerUnique.add(id);
      const v = verdictAtMinimum(template, id);
      const covered = v.status !== 'cannot_verify' && sameApi(id, v.symbol);
      if (covered && v.status === 'verified') continue;
      const allowed = allowedBy(id);
      if (!covered && allowed) {
        used.add(allowed);
        f.allowlisted.add(id);
        continue;
      }
      failures.push(`${at}: ${show(id, v)}${covered ? '' : v.status === 'cannot_verify' ? '' : ': answered for another API'}`);
    }
    expect([...new Set(failures)], `at ${JSON.stringify(targetsOf(template))}`).toEqual([]);
  });

  it('every allowlist entry is needed', () => {
    expect([...ALLOWED_UNCOVERED.keys()].filter((k) => !used.has(k))).toEqual([]);
  });
});

afterAll(() => {
  const line = (name: string, f: Figures) =>
    `${name}: ${f.header + f.checker} API uses checked (${f.headerUnique.size + f.checkerUnique.size} distinct); ` +
    `from headers ${f.header} (${f.headerUnique.size} distinct), from the checker ${f.checker} (${f.checkerUnique.size} distinct); ` +
    `${f.allowlisted.size} distinct uncovered and allowlisted` +
    `${f.undated.size ? `; ${f.undated.size} distinct verified only at the catalog's oldest dated version, older than the template's minimum` : ''}`;
  console.log(`catalog cross-check\n  ${line('python', figures.python)}\n  ${line('typescript', figures.typescript)}\n` +
    `  allowlisted (catalog does not cover): ${[...figures.python.allowlisted, ...figures.typescript.allowlisted].sort().join(', ')}`);
});
