import { csCatalog, dotnetVerdict, overloadSince, overloadsOf, type CatType } from '../catalog.js';
import type { CsRule, CsRuleContext } from '../rule.js';
import { argumentsOf, inFrameworkConditional, simpleName, type CsNode } from '../syntax.js';
import { typeFromNode } from '../types.js';

/** Older equivalents for the newer APIs assistants reach for most often. */
const FALLBACKS: Record<string, string> = {
  'System.Threading.Lock': 'a `private readonly object _gate = new();` with `lock (_gate)`',
  'System.Threading.Tasks.Task.WhenEach': 'a loop over `await Task.WhenAny(pending)` that removes each finished task',
  'System.Threading.CancellationTokenSource.CancelAsync': '`cts.Cancel()`',
  'System.Threading.Tasks.Parallel.ForAsync': '`Parallel.ForEachAsync(Enumerable.Range(from, count), ...)`',
  'System.Threading.Tasks.ConfigureAwaitOptions': '`ConfigureAwait(false)` (and a try/catch where SuppressThrowing was meant)',
  'System.TimeProvider': 'an injected clock interface of your own',
};

function tooNew(ctx: CsRuleContext, node: CsNode, id: string, label: string, assumed: boolean): boolean {
  if (inFrameworkConditional(node)) return false;
  const v = dotnetVerdict(id, ctx.target);
  if (v?.status !== 'too_new') return false;
  const since = v.since?.dotnet;
  const fallback = FALLBACKS[id];
  ctx.report({
    node,
    severity: assumed ? 'warning' : 'error',
    confidence: assumed ? 'medium' : 'high',
    message: `\`${label}\` needs .NET ${Array.isArray(since) ? since.join(' / ') : since ?? 'a newer version'}, but the target is .NET ${ctx.target}.${fallback ? ` On .NET ${ctx.target} use ${fallback}.` : ' Raise the target framework or use an older equivalent.'}`,
  });
  return true;
}

export const tooNewApi: CsRule = {
  meta: {
    id: 'too-new-api',
    description: 'A .NET API (type, member or overload) newer than the target .NET version.',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    const catalog = csCatalog();
    if (!catalog) return {};
    const typeAt = (node: CsNode | null): void => {
      const t = typeFromNode(node);
      if (!node || !t) return;
      const r = file.resolveType(t);
      if (r.cat) tooNew(ctx, node, r.cat.id, r.cat.name, !!r.assumed);
    };
    const memberOf = (cat: CatType, name: string, node: CsNode, assumed: boolean, args: CsNode | undefined): void => {
      if (dotnetVerdict(cat.id, ctx.target)?.status === 'too_new') return; // the type itself is reported where it is named
      const found = catalog.findMember(cat, name);
      if (!found) return;
      if (tooNew(ctx, node, `${found.owner.id}.${name}`, `${found.owner.name}.${name}`, assumed)) return;
      // An overload newer than the target: no overload available at the target takes this many arguments.
      if (!args) return;
      const count = argumentsOf(args).length;
      const sigs = overloadsOf(found.entry).filter((s) => s.kind === 'method');
      const fits = (s: (typeof sigs)[number]): boolean => s.params.filter((p) => !p.isThis).length >= count || s.params.some((p) => p.isParams);
      const newer = sigs.filter((s) => Number(overloadSince(found.entry, s.text) ?? '0') > Number(ctx.target));
      const older = sigs.filter((s) => !newer.includes(s));
      if (newer.length === 0 || older.some(fits) || !newer.some(fits)) return;
      const s = newer.find(fits);
      ctx.report({
        node,
        severity: 'warning',
        confidence: 'medium',
        message: `This call of \`${found.owner.name}.${name}\` with ${count} argument${count === 1 ? '' : 's'} matches only an overload added after .NET ${ctx.target} (\`${s?.text.replace(/^public\s+(static\s+)?/, '')}\`, .NET ${s ? overloadSince(found.entry, s.text) : '?'}). Use an overload that exists on .NET ${ctx.target}.`,
      });
    };
    return {
      object_creation_expression(node) {
        typeAt(node.childForFieldName('type'));
      },
      variable_declaration(node) {
        typeAt(node.childForFieldName('type'));
      },
      parameter(node) {
        typeAt(node.childForFieldName('type'));
      },
      member_access_expression(node) {
        const obj = node.childForFieldName('expression');
        const nameNode = node.childForFieldName('name');
        const name = simpleName(node);
        if (!obj || !nameNode || !name) return;
        const call = node.parent?.type === 'invocation_expression' && node.parent.childForFieldName('function')?.startIndex === node.startIndex ? node.parent : undefined;
        const staticType = file.typeNamed(obj);
        if (staticType?.cat) {
          if (tooNew(ctx, obj, staticType.cat.id, staticType.cat.name, !!staticType.assumed)) return;
          memberOf(staticType.cat, name, nameNode, !!staticType.assumed, call);
          return;
        }
        if (staticType) return;
        const t = file.typeOf(obj);
        if (t?.cat && !t.type.array) memberOf(t.cat, name, nameNode, t.via === 'assumed', call);
      },
    };
  },
};
