import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { ECMASCRIPT_EDITIONS } from '../../src/catalog/index.js';

// Oracle for the ECMAScript editions in the javascript catalog: for every entry with `since.ecmascript`, a probe
// that uses it is type-checked under each `lib` edition from ES5 to ESNext. The compiler must reject it before
// its edition and accept it from its edition on.

interface Entry {
  id: string;
  kind: string;
  since?: { ecmascript?: string };
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const catalog = JSON.parse(readFileSync(path.join(ROOT, 'src/catalog/data/javascript.json'), 'utf8')) as { entries: Entry[] };
const facts = catalog.entries.filter((e) => e.since?.ecmascript);
const libFile = (edition: string) => `lib.${edition.toLowerCase()}.d.ts`;

/** Number of type arguments each lib interface or type alias needs (those without defaults), under ESNext. */
function libShapes(): { arity: Map<string, number>; values: Set<string> } {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { lib: [libFile('ESNext')], strict: true } });
  const sf = project.createSourceFile('/arity.ts', 'export {};\n');
  const checker = project.getProgram().compilerObject.getTypeChecker();
  const arity = new Map<string, number>();
  const values = new Set<string>();
  for (const s of checker.getSymbolsInScope(sf.compilerNode, ts.SymbolFlags.Type | ts.SymbolFlags.Value)) {
    if (s.getFlags() & ts.SymbolFlags.Value) values.add(s.getName());
    const decl = s.getDeclarations()?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
    if (decl && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) {
      arity.set(s.getName(), (decl.typeParameters ?? []).filter((p) => !p.default).length);
    }
  }
  return { arity, values };
}

/** A statement that compiles only if the entry exists in the lib: `void Promise.withResolvers;`. */
function probeFor(e: Entry, shapes: ReturnType<typeof libShapes>, i: number): string {
  const m = /^([A-Za-z]+)(\.prototype(?=[.[]))?(?:\.([\w$]+)|(\[Symbol\.\w+\]))?$/.exec(e.id);
  if (!m) throw new Error(`no probe for ${e.id}`);
  const [, owner, proto, member, symbolMember] = m;
  const access = member ? `.${member}` : symbolMember ?? '';
  const typeRef = () => {
    const args = shapes.arity.get(owner!) ?? 0;
    return args ? `${owner}<${Array(args).fill('any').join(', ')}>` : owner!;
  };
  if (!access && (e.kind === 'interface' || e.kind === 'type')) return `type P${i} = ${typeRef()};`;
  // Members of interface-only types (`AsyncIterator.next`) are reached through a value of that type.
  if (!shapes.values.has(owner!)) return `function p${i}(x: ${typeRef()}) { return x${access}; }`;
  return `function p${i}() { return ${owner}${proto ?? ''}${access}; }`;
}

describe('ECMAScript edition oracle (TypeScript lib files)', () => {
  it('accepts each fact exactly from its edition on', () => {
    const shapes = libShapes();
    const probes = facts.map((e, i) => probeFor(e, shapes, i));
    const text = probes.join('\n') + '\nexport {};\n';
    const mismatches: string[] = [];
    let checks = 0;
    for (const edition of ECMASCRIPT_EDITIONS) {
      const project = new Project({
        useInMemoryFileSystem: true,
        compilerOptions: { target: ts.ScriptTarget.ESNext, lib: [libFile(edition)], strict: true, noEmit: true },
      });
      const sf = project.createSourceFile('/probe.ts', text);
      const failingLines = new Set(sf.getPreEmitDiagnostics().map((d) => (d.getLineNumber() ?? 0) - 1));
      facts.forEach((e, i) => {
        checks++;
        const expected = ECMASCRIPT_EDITIONS.indexOf(edition) >= ECMASCRIPT_EDITIONS.indexOf(e.since!.ecmascript as never);
        const accepted = !failingLines.has(i);
        if (accepted !== expected) mismatches.push(`${e.id} (${e.since!.ecmascript}) under ${edition}: ${accepted ? 'accepted' : 'rejected'}`);
      });
    }
    console.log(`javascript edition oracle: ${facts.length} facts, ${checks} checks, ${mismatches.length} mismatches`);
    expect(facts.length).toBeGreaterThanOrEqual(100);
    expect(mismatches).toEqual([]);
  });
});
