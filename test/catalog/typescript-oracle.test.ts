// Completeness oracle for the javascript and node catalogs, written apart from their generators: TypeScript's checker
// lists every property of every covered global and of every export of the covered Node modules (static and
// instance members of classes, members of interfaces and namespaces, members of values such as
// `timers/promises.scheduler`, and one level further for values such as `process.hrtime`), and each must answer
// `verified` from verify_api, in every spelling it accepts (`node:` or not, `X.prototype.m` or `X.m`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { expandCatalogFile, verifyApi } from '../../src/catalog/index.js';
// @ts-expect-error build-time generator in plain JS
import { NODE_MODULES } from '../../scripts/catalog/node.mjs';
// @ts-expect-error plain-JS build-time module
import { inputDir } from '../../scripts/sources/inputs.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const symbolName = (n: string) => (/^__@(\w+)@\d+$/.exec(n) ? `[Symbol.${/^__@(\w+)@\d+$/.exec(n)![1]}]` : n);
const join = (owner: string, m: string) => (m.startsWith('[') ? `${owner}${m}` : `${owner}.${m}`);

function check(language: string, spellings: string[], failures: string[]): void {
  for (const s of spellings) {
    const v = verifyApi(language, s);
    if (v.status !== 'verified') failures.push(`${s}: ${v.status} ${v.reason ?? ''}`.slice(0, 220));
  }
}

describe('TypeScript checker oracle', () => {
  it('javascript: every static and instance member of every covered global answers verified', () => {
    const data = expandCatalogFile(JSON.parse(readFileSync(path.join(ROOT, 'src/catalog/data/javascript.json'), 'utf8')));
    const globals = data.entries.filter((e) => !/[.[]/.test(e.id)).map((e) => e.id);
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { target: ts.ScriptTarget.ESNext, lib: ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.dom.asynciterable.d.ts'], strict: true } });
    const sf = project.createSourceFile('/o.ts', 'export {};\n').compilerNode;
    const checker = project.getProgram().compilerObject.getTypeChecker();
    const scope = new Map(checker.getSymbolsInScope(sf, ts.SymbolFlags.Value | ts.SymbolFlags.Type).map((s) => [s.getName(), s]));
    const failures: string[] = [];
    let names = 0;
    for (const g of globals) {
      const sym = scope.get(g);
      if (!sym) { failures.push(`${g}: not a global of the libs`); continue; }
      check('javascript', [g], failures);
      names++;
      const value = sym.getFlags() & ts.SymbolFlags.Value ? checker.getTypeOfSymbolAtLocation(sym, sf) : undefined;
      const statics = new Set<string>();
      for (const p of value?.getProperties() ?? []) {
        const m = symbolName(p.getName());
        if (m === 'prototype') continue;
        statics.add(m);
        check('javascript', [join(g, m)], failures);
        names++;
      }
      const isClass = (value?.getConstructSignatures().length ?? 0) > 0;
      if (!(sym.getFlags() & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) || (value && !isClass)) continue;
      for (const p of checker.getDeclaredTypeOfSymbol(sym).getProperties()) {
        const m = symbolName(p.getName());
        const spellings = isClass ? [join(`${g}.prototype`, m), ...(statics.has(m) ? [] : [join(g, m)])] : [join(g, m)];
        check('javascript', spellings, failures);
        names++;
      }
    }
    console.log(`javascript checker oracle: ${globals.length} globals, ${names} names, ${failures.length} mismatches`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(names).toBeGreaterThan(400);
  });

  it('node: every export of the covered modules and their members, to the depth code reaches them, answers verified', () => {
    const pkg = inputDir('types-node-26') as string; // the pinned @types/node the node catalog was built from
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { target: ts.ScriptTarget.ESNext, lib: ['lib.esnext.d.ts'], strict: true, types: ['node'], typeRoots: ['/node_modules/@types'] } });
    const fs = project.getFileSystem();
    const copy = (from: string, to: string): void => {
      for (const n of readdirSync(from)) {
        const p = path.join(from, n);
        if (n === 'node_modules') { if (existsSync(path.join(p, 'undici-types'))) copy(path.join(p, 'undici-types'), '/node_modules/undici-types'); continue; }
        if (statSync(p).isDirectory()) copy(p, `${to}/${n}`);
        else if (n.endsWith('.d.ts') || n === 'package.json') fs.writeFileSync(`${to}/${n}`, readFileSync(p, 'utf8'));
      }
    };
    copy(pkg, '/node_modules/@types/node');
    if (!existsSync(path.join(pkg, 'node_modules', 'undici-types'))) copy(path.join(ROOT, 'node_modules', 'undici-types'), '/node_modules/undici-types');
    const sf = project.createSourceFile('/o.ts', 'export {};\n').compilerNode;
    const checker = project.getProgram().compilerObject.getTypeChecker();
    const modules = new Map(checker.getAmbientModules().map((m) => [m.getName().replace(/"/g, ''), m]));
    const failures: string[] = [];
    let names = 0;
    const say = (id: string, alt: string[] = []) => {
      // `node:fs/promises.open` is also asked as `fs/promises.open`.
      check('node', [id, id.replace(/^node:/, ''), ...alt], failures);
      names++;
    };
    const resolve = (s: ts.Symbol) => (s.getFlags() & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const members = (id: string, sym: ts.Symbol, depth: number): void => {
      const flags = sym.getFlags();
      const value = flags & ts.SymbolFlags.Value ? checker.getTypeOfSymbolAtLocation(sym, sf) : undefined;
      const isClass = (flags & ts.SymbolFlags.Class) !== 0;
      if (flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
        const statics = new Set<string>();
        if (isClass) for (const p of value?.getProperties() ?? []) {
          const m = symbolName(p.getName());
          if (m === 'prototype') continue;
          statics.add(m);
          say(join(id, m));
        }
        const inst = checker.getDeclaredTypeOfSymbol(sym);
        if (!inst.getStringIndexType()) {
          for (const p of inst.getProperties()) {
            const m = symbolName(p.getName());
            if (m.startsWith('#')) continue;
            say(join(`${id}.prototype`, m), statics.has(m) ? [] : [join(id, m).replace(/^node:/, '')]);
          }
        }
        return;
      }
      if (flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule) && !(flags & ts.SymbolFlags.Function)) {
        for (const e of checker.getExportsOfModule(sym)) { say(join(id, symbolName(e.getName()))); if (depth < 1) members(join(id, symbolName(e.getName())), resolve(e), depth + 1); }
        return;
        return;
      }
      // Only object values have members to look up (`WebSocket.OPEN.toFixed` is a number's); and code names members
      // two levels below an export at most (`process.hrtime.bigint`, `perf_hooks.performance.now`).
      if (!value || depth > 0 || !(value.getFlags() & ts.TypeFlags.Object) || value.getStringIndexType() || value.getNumberIndexType()) return;
      const props = value.getProperties();
      const named = value.getSymbol();
      // A value of a big named type from a module outside the catalog (process.stdout, a tty.WriteStream) is not
      // enumerated by the catalog, which then answers cannot_verify for its members: not a question for here.
      if (named && named.getFlags() & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) && props.length > 40) return;
      for (const p of props) {
        const m = symbolName(p.getName());
        if (m.startsWith('#')) continue;
        say(join(id, m));
        members(join(id, m), p, depth + 1);
      }
    };
    for (const mod of NODE_MODULES as string[]) {
      const msym = modules.get(mod);
      if (!msym) { failures.push(`${mod}: no such module in @types/node 26`); continue; }
      let exported = checker.getExportsOfModule(msym);
      const eq = msym.exports?.get('export=' as ts.__String);
      const target = eq ? resolve(eq) : undefined;
      if (target && target.getFlags() & ts.SymbolFlags.Variable && !(target.getFlags() & ts.SymbolFlags.Class)) exported = checker.getTypeOfSymbolAtLocation(target, sf).getProperties();
      for (const e of exported) {
        const n = symbolName(e.getName());
        if (n === 'default' || n === 'export=') continue;
        say(`node:${mod}.${n}`);
        members(`node:${mod}.${n}`, resolve(e), 0);
      }
    }
    console.log(`node checker oracle (@types/node 26): ${NODE_MODULES.length} modules, ${names} names, ${failures.length} mismatches`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(names).toBeGreaterThan(3000);
  });
});
