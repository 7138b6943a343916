import { csCatalog, overloadsOf, type CatType } from '../catalog.js';
import { checkInstalledMember } from '../installed-api.js';
import type { CsRule, CsRuleContext } from '../rule.js';
import { argumentsOf, inFrameworkConditional, simpleName, type CsNode } from '../syntax.js';
import { typeFromNode } from '../types.js';

/** Members every type has (from System.Object), which the catalog does not repeat per type. */
const OBJECT_MEMBERS = new Set(['ToString', 'Equals', 'GetHashCode', 'GetType', 'MemberwiseClone', 'ReferenceEquals', 'Deconstruct']);

/** Up to three catalog members with a name close to the invented one. */
export function closeMembers(type: CatType, name: string): string[] {
  const names = csCatalog()?.memberNames(type) ?? [];
  const lower = name.toLowerCase().replace(/async$/, '');
  const scored = names.map((n) => ({ n, d: distance(lower, n.toLowerCase().replace(/async$/, '')) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)) || x.n.toLowerCase().includes(lower) || lower.includes(x.n.toLowerCase().replace(/async$/, '')) && x.n.length > 3)
    .sort((a, b) => a.d - b.d);
  return scored.slice(0, 3).map((x) => x.n);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function reportMissing(ctx: CsRuleContext, node: CsNode, type: CatType, name: string, isStatic: boolean, certain: boolean): void {
  const close = closeMembers(type, name);
  ctx.report({
    node,
    severity: isStatic && certain ? 'error' : 'warning',
    confidence: isStatic && certain ? 'high' : 'medium',
    message: `\`${type.name}\` has no member \`${name}\` (checked against the .NET ${ctx.target} reference assemblies${isStatic ? '' : '; an extension method from a library this file does not show would be the only way it compiles'}).${close.length ? ` Did you mean ${close.map((c) => `\`${c}\``).join(', ')}?` : ''}`,
    ...(close[0] ? { suggestion: close[0] } : {}),
  });
}

export const hallucinatedApi: CsRule = {
  meta: {
    id: 'hallucinated-api',
    description: 'A member, initializer property or named argument of a .NET type that does not exist.',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    const catalog = csCatalog();
    if (!catalog) return {};
    return {
      member_access_expression(node) {
        const obj = node.childForFieldName('expression');
        const nameNode = node.childForFieldName('name');
        const name = simpleName(node);
        if (!obj || !nameNode || !name || OBJECT_MEMBERS.has(name) || inFrameworkConditional(node)) return;
        if (checkInstalledMember(ctx, node)) return;
        const staticType = file.typeNamed(obj);
        if (staticType?.cat) {
          // Found without its `using`: in this file the name is more likely a member (a property called `Channel`).
          if (staticType.assumed || !catalog.lineageComplete(staticType.cat)) return;
          if (catalog.findMember(staticType.cat, name)) return;
          reportMissing(ctx, nameNode, staticType.cat, name, true, !staticType.assumed);
          return;
        }
        if (staticType) return;
        const t = file.typeOf(obj);
        if (!t?.cat || t.type.array || t.via === 'assumed' || !catalog.lineageComplete(t.cat)) return;
        if (catalog.findMember(t.cat, name, t.type.args)) return;
        const lineage = catalog.lineage(t.cat).map((x) => x.name);
        if (catalog.extensionsFor(name, lineage).length) return;
        if (file.projectExtensions.has(name)) return;
        // An extension method declared in this very file.
        if (new RegExp(`\\bstatic\\s+[\\w<>,?\\[\\] ]+\\s+${name}\\s*(<[^>]*>)?\\s*\\(\\s*this\\b`).test(file.source)) return;
        reportMissing(ctx, nameNode, t.cat, name, false, false);
      },
      object_creation_expression(node) {
        const type = typeFromNode(node.childForFieldName('type'));
        const init = node.childForFieldName('initializer');
        if (!type || !init) return;
        const r = file.resolveType(type);
        if (!r.cat || !catalog.lineageComplete(r.cat)) return;
        for (const a of init.namedChildren) {
          if (a?.type !== 'assignment_expression') continue;
          const left = a.childForFieldName('left');
          if (left?.type !== 'identifier' || catalog.findMember(r.cat, left.text)) continue;
          const close = closeMembers(r.cat, left.text);
          ctx.report({
            node: left,
            confidence: r.assumed ? 'medium' : 'high',
            message: `\`${r.cat.name}\` has no settable property \`${left.text}\` (checked against the .NET ${ctx.target} reference assemblies).${close.length ? ` Did you mean ${close.map((c) => `\`${c}\``).join(', ')}?` : ''}`,
            ...(close[0] ? { suggestion: close[0] } : {}),
          });
        }
      },
      invocation_expression(call) {
        const named = argumentsOf(call).filter((a) => a.name);
        if (named.length === 0) return;
        const sigs = file.signaturesOf(call);
        if (sigs.length === 0) return;
        for (const a of named) {
          if (sigs.some((s) => s.params.some((p) => p.name === a.name))) continue;
          const known = [...new Set(sigs.flatMap((s) => s.params.map((p) => p.name)))];
          ctx.report({
            node: a.node,
            message: `No overload of \`${file.callInfo(call).name}\` has a parameter named \`${a.name}\` (it has: ${known.join(', ')}).`,
          });
        }
      },
    };
  },
};
