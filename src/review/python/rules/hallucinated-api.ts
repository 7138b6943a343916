import { calleeLastName, hasKwargsSplat, keywordArgs, unparen, type PyNode } from '../analysis.js';
import { asyncioVerdict } from '../catalog.js';
import { guardState } from '../guards.js';
import type { PyRule, PyRuleContext } from '../rule.js';
import type { Basis } from '../../finding.js';
import type { ApiVerdict } from '../../../catalog/index.js';
import { installedDetail, type InstalledLookup, type PackageVerdict } from '../../installed.js';
import type { PyFile } from '../analysis.js';

/** Symbols asked of the installed packages per file: enough for real modules, bounded for generated ones. */
const MAX_THIRD_PARTY_SYMBOLS = 200;

/** The qualified name of a module-path use whose head is an imported name (`httpx.AsyncClient`), else undefined. */
function thirdPartySymbol(file: PyFile, node: PyNode): string | undefined {
  let head = node;
  while (head.type === 'attribute') head = head.childForFieldName('object') ?? head;
  if (head.type !== 'identifier' || !file.imports.has(head.text)) return undefined;
  const q = file.qualify(node);
  if (!q || q.startsWith('asyncio.') || q === 'asyncio' || /\._/.test(q)) return undefined;
  return q;
}

/**
 * Asks the project's installed packages about every third-party module path the file uses (`httpx.AsyncClient`,
 * `from anyio import create_task_group`), before the walk: rules run synchronously, the lookups do not.
 */
export async function thirdPartyVerdicts(file: PyFile, lookup: InstalledLookup): Promise<Map<string, PackageVerdict>> {
  const symbols = new Set<string>();
  for (const n of file.root.descendantsOfType(['attribute', 'import_from_statement'])) {
    if (!n || symbols.size >= MAX_THIRD_PARTY_SYMBOLS) continue;
    if (n.type === 'attribute') {
      const s = thirdPartySymbol(file, n);
      if (s) symbols.add(s);
      continue;
    }
    const mod = n.childForFieldName('module_name')?.text;
    if (!mod || mod.startsWith('.') || mod === 'asyncio' || mod.startsWith('asyncio.')) continue;
    for (const name of n.childrenForFieldName('name')) {
      const nameNode = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (nameNode && !nameNode.text.startsWith('_')) symbols.add(`${mod}.${nameNode.text}`);
    }
  }
  const out = new Map<string, PackageVerdict>();
  for (const s of symbols) {
    const v = await lookup(s);
    if (v) out.set(s, v);
  }
  return out;
}

/**
 * Reports a third-party name the installed version does not have: only on `not_found` (declarations read whole,
 * container closed), and only where the owner exists (a misspelt `httpx.AsyncClent.get` is reported once).
 */
function checkInstalled(ctx: PyRuleContext, node: PyNode, symbol: string): void {
  const v = ctx.installed?.get(symbol);
  if (!v || v.status !== 'not_found') return;
  const owner = symbol.slice(0, symbol.lastIndexOf('.'));
  const ownerVerdict = ctx.installed?.get(owner);
  if (ownerVerdict && ownerVerdict.status !== 'verified') return;
  const member = symbol.split('.').pop();
  if (guardState(ctx.file, node, ctx.target, member)) return;
  const suggest = v.suggestions?.length ? ` Did you mean ${v.suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  ctx.report({
    node,
    basis: { kind: 'project', detail: installedDetail(v) },
    message: `\`${symbol}\` does not exist in ${v.package.name} ${v.package.version}, the version installed in this project.${suggest}`,
    ...(v.suggestions?.[0] ? { suggestion: v.suggestions[0] } : {}),
  });
}

/** asyncio's submodules: real, but the catalog lists their names at package level, so they are never judged. */
const SUBMODULE = /^asyncio\.(base_events|base_futures|base_subprocess|base_tasks|constants|coroutines|events|exceptions|format_helpers|futures|graph|locks|log|mixins|proactor_events|protocols|queues|runners|selector_events|sslproto|staggered|streams|subprocess|taskgroups|tasks|threads|timeouts|transports|trsock|unix_events|windows_events|windows_utils)(\.|$)/;

/** The catalog's verdict on an `asyncio.*` symbol seen in the code, or undefined when it is not ours to judge. */
export function judgeSymbol(symbol: string, target: string): ApiVerdict | undefined {
  if (!symbol.startsWith('asyncio.') || SUBMODULE.test(symbol) || /\.__\w+__$/.test(symbol)) return undefined;
  // `asyncio._get_running_loop`: private names are implementation details the catalog does not list, not inventions.
  if (/\._\w*/.test(symbol.slice('asyncio'.length))) return undefined;
  return asyncioVerdict(symbol, target);
}

/** Keyword names a catalog entry accepts, or undefined when the signature takes `**kwargs` or is unknown. */
export function acceptedKeywords(v: ApiVerdict): Set<string> | undefined {
  const sigs = v.signature ?? [];
  // A class with a parameter list in the catalog (possibly empty: `asyncio.Lock()` takes none since 3.10).
  if (v.kind === 'class') return v.parameters ? new Set(v.parameters) : undefined;
  if (sigs.length === 0 || sigs.some((s) => s.includes('**') || !/^(async )?def /.test(s))) return undefined;
  const names = new Set(v.parameters ?? []);
  for (const s of sigs) for (const m of s.matchAll(/[(,]\s*\*?([A-Za-z_]\w*)\s*[:=,)]/g)) if (m[1]) names.add(m[1]);
  return names;
}

/**
 * Hand-curated from the Python 3.10 changelog ("the loop parameter has been removed from most of asyncio's
 * high-level API"): the catalog's parameter lists do not say when a keyword disappeared.
 */
const LOOP_REMOVED = /^asyncio\.(Lock|Event|Condition|Semaphore|BoundedSemaphore|Queue|PriorityQueue|LifoQueue|sleep|gather|wait|wait_for|shield|as_completed|open_connection|start_server|open_unix_connection|start_unix_server|create_subprocess_exec|create_subprocess_shell)$/;

function minor(version: string): number {
  return Number(version.split('.')[1] ?? 0);
}

function suggestionText(v: ApiVerdict): string {
  return v.suggestions?.length ? ` Did you mean ${v.suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
}

/** Concrete loop classes: a loop obtained from `get_event_loop()` is one of these (or a third-party loop). */
const CONCRETE_LOOPS = ['asyncio.SelectorEventLoop', 'asyncio.ProactorEventLoop', 'asyncio.BaseEventLoop', 'asyncio.EventLoop'];

/**
 * What a "does not exist" claim about `symbol` rests on. A method looked up on `AbstractEventLoop` rests on the
 * loop's declared base class only: the running loop is a concrete subclass (or uvloop's) that may add members.
 */
function basisFor(symbol: string, target: string, receiver?: string): Basis {
  if (receiver?.startsWith('asyncio.AbstractEventLoop.')) {
    return { kind: 'inferred-type', detail: `the loop's concrete class is not known; \`AbstractEventLoop\` has no \`${receiver.split('.').pop()}\` in typeshed for Python ${target}` };
  }
  return { kind: 'catalog', detail: `typeshed's asyncio stubs for Python ${target}` };
}

/** Checks one symbol occurrence; reports a missing or removed API unless the use is guarded or dead on the target. */
function checkSymbol(ctx: PyRuleContext, node: PyNode, symbol: string, receiver?: string): ApiVerdict | undefined {
  const v = judgeSymbol(symbol, ctx.target);
  if (!v) return undefined;
  if (v.status !== 'not_found' && v.status !== 'removed') return v;
  const member = symbol.split('.').pop();
  if (guardState(ctx.file, node, ctx.target, member)) return v;
  if (receiver?.startsWith('asyncio.AbstractEventLoop.') && CONCRETE_LOOPS.some((c) => ['verified', 'too_new'].includes(judgeSymbol(`${c}.${member}`, ctx.target)?.status ?? ''))) return v;
  const basis = basisFor(symbol, ctx.target, receiver);
  if (v.status === 'not_found') {
    ctx.report({
      node,
      basis,
      message: `\`${symbol}\` does not exist in asyncio (checked against typeshed for Python ${ctx.target}).${suggestionText(v)}`,
      ...(v.suggestions?.[0] ? { suggestion: v.suggestions[0] } : {}),
    });
  } else {
    ctx.report({ node, basis, message: `\`${symbol}\` was removed from asyncio: ${v.reason ?? ''} ${v.notes?.[0] ?? 'Use its documented replacement.'}`.trim() });
  }
  return v;
}

export const hallucinatedApi: PyRule = {
  meta: {
    id: 'hallucinated-api',
    description: 'An asyncio function, class, method or keyword argument that does not exist.',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file, target } = ctx;
    return {
      attribute(node) {
        if (ctx.installed?.size) {
          const sym = thirdPartySymbol(file, node);
          if (sym) checkInstalled(ctx, node.childForFieldName('attribute') ?? node, sym);
        }
        if (!file.mentionsAsyncio(node)) return;
        const obj = node.childForFieldName('object');
        if (!obj || (obj.type !== 'identifier' && obj.type !== 'attribute')) return;
        // Judge `asyncio.X`, and `asyncio.Class.member` (`asyncio.Task.all_tasks`, removed in 3.9).
        const owner = file.qualify(obj);
        if (owner !== 'asyncio' && !/^asyncio\.[A-Z]\w*$/.test(owner ?? '')) return;
        const sym = file.qualify(node);
        if (sym) checkSymbol(ctx, node.childForFieldName('attribute') ?? node, sym);
      },
      import_from_statement(stmt) {
        const mod = stmt.childForFieldName('module_name')?.text;
        if (ctx.installed?.size && mod && !mod.startsWith('.')) {
          for (const n of stmt.childrenForFieldName('name')) {
            const nameNode = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
            if (nameNode) checkInstalled(ctx, nameNode, `${mod}.${nameNode.text}`);
          }
        }
        if (mod !== 'asyncio') return;
        for (const n of stmt.childrenForFieldName('name')) {
          const nameNode = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
          if (nameNode) checkSymbol(ctx, nameNode, `asyncio.${nameNode.text}`);
        }
      },
      call(call) {
        const fn = call.childForFieldName('function');
        if (!fn || hasKwargsSplat(call)) return;
        let symbol = file.qualify(fn);
        let methodNode: PyNode | undefined;
        if (!symbol?.startsWith('asyncio.')) {
          const cls = file.receiverClass(call);
          if (!cls?.startsWith('asyncio.') || fn.type !== 'attribute') return;
          symbol = `${cls}.${calleeLastName(call)}`;
          methodNode = fn.childForFieldName('attribute') ?? undefined;
          // A method missing from an evident asyncio class (`q.get_with_timeout()` on `asyncio.Queue`).
          const mv = methodNode ? checkSymbol(ctx, methodNode, symbol, symbol) : undefined;
          if (!mv || mv.status !== 'verified' && mv.status !== 'too_new') return;
        }
        const v = judgeSymbol(symbol, target);
        if (!v || (v.status !== 'verified' && v.status !== 'too_new')) return;
        const loopKw = keywordArgs(call).get('loop');
        // `loop=loop if sys.version_info < (3, 10) else None`-style code, or a call only made on old versions.
        if (guardState(file, call, target)) return;
        if (loopKw && LOOP_REMOVED.test(symbol) && minor(target) >= 10) {
          ctx.report({
            node: unparen(loopKw).parent ?? loopKw,
            message: `\`${symbol}()\` has no \`loop\` parameter since Python 3.10 (the target is ${target}): it was removed from asyncio's high-level API. Drop it; the running loop is used.`,
          });
          return;
        }
        const accepted = acceptedKeywords(v);
        if (!accepted) return;
        for (const [name, value] of keywordArgs(call)) {
          if (accepted.has(name)) continue;
          const kwNode = unparen(value).parent ?? value;
          const known = [...accepted].filter((k) => k !== 'self');
          ctx.report({
            node: kwNode,
            message: `\`${symbol}()\` has no keyword argument \`${name}\`${known.length ? ` (it accepts: ${known.join(', ')})` : ''}.${name === 'loop' ? ' The `loop` parameter was removed from asyncio in 3.10: drop it, the running loop is used.' : ''}${name === 'timeout' ? ' For a deadline, wrap the await: `async with asyncio.timeout(5):` or `await asyncio.wait_for(...)`.' : ''}`,
            ...(name === 'timeout' ? { suggestion: `await asyncio.wait_for(${fn.text}(), timeout=${value.text})` } : {}),
          });
        }
      },
    };
  },
};
