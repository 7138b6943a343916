/**
 * The project's NuGet packages for hallucinated-api: before the walk, each `x.Member` / `Type.Member` whose type the
 * file makes certain and the .NET catalog does not know is asked of the referenced package versions
 * (src/workspace/nuget-api.ts), under each namespace the file imports; the rule reports a `not_found`. Always a
 * warning: XML docs list no base types, so a base from another assembly could still declare the member.
 */
import { installedDetail, type InstalledLookup, type PackageVerdict } from '../installed.js';
import type { CsRuleContext } from './rule.js';
import type { CsFile } from './symbols.js';
import { simpleName, type CsNode } from './syntax.js';

/** Member accesses asked per file: enough for real code, bounded for generated files. */
const MAX_THIRD_PARTY_ACCESSES = 200;

/** Candidate full names of the type of `obj` in `obj.Name`, when the file makes it certain and the catalog lacks it. */
function typeCandidates(file: CsFile, obj: CsNode): string[] {
  let name: string | undefined;
  let qualifier: string | undefined;
  const named = file.typeNamed(obj);
  if (named) {
    if (named.cat || named.local) return [];
    name = named.name;
    if (obj.type === 'member_access_expression') qualifier = obj.childForFieldName('expression')?.text;
  } else if ((obj.type === 'identifier' || obj.type === 'member_access_expression') && /^[A-Z][\w.]*$/.test(obj.text) && !file.lookup(obj.text.split('.')[0]!, obj)) {
    name = simpleName(obj);
    if (obj.type === 'member_access_expression') qualifier = obj.childForFieldName('expression')?.text;
  } else {
    const t = file.typeOf(obj);
    if (!t || t.cat || t.local || t.type.array || t.via === 'assumed') return [];
    name = t.type.name;
    qualifier = t.type.qualifier;
  }
  if (!name || !/^[A-Z]\w*$/.test(name)) return [];
  const prefixes = qualifier ? [qualifier, ...[...file.namespaces].map((ns) => `${ns}.${qualifier}`)] : [...file.namespaces, ...file.ownNamespaces];
  return [...new Set(prefixes.map((p) => `${p}.${name}`))];
}

/** The packages' verdicts, keyed by the member-access node's start, on the third-party members the file uses. */
export async function thirdPartyVerdicts(file: CsFile, lookup: InstalledLookup): Promise<Map<number, PackageVerdict>> {
  const out = new Map<number, PackageVerdict>();
  let asked = 0;
  for (const node of file.root.descendantsOfType('member_access_expression')) {
    if (!node || asked >= MAX_THIRD_PARTY_ACCESSES) continue;
    const obj = node.childForFieldName('expression');
    const member = simpleName(node);
    if (!obj || !/^[A-Z]\w*$/.test(member)) continue;
    const candidates = typeCandidates(file, obj);
    if (candidates.length === 0) continue;
    asked++;
    const verdicts: PackageVerdict[] = [];
    for (const c of candidates.slice(0, 8)) {
      const v = await lookup(`${c}.${member}`);
      // "documents no type": this candidate is not the type (another namespace the file imports may hold it).
      if (v && !(v.status === 'cannot_verify' && /documents no type/.test(v.reason ?? ''))) verdicts.push(v);
    }
    // A finding needs every reading of the type name to lack the member.
    if (verdicts.length > 0 && verdicts.every((v) => v.status === 'not_found')) out.set(node.startIndex, verdicts[0]!);
  }
  return out;
}

/** Reports a member the referenced package version lacks; true when reported. */
export function checkInstalledMember(ctx: CsRuleContext, node: CsNode): boolean {
  const v = ctx.installed?.get(node.startIndex);
  if (!v) return false;
  const nameNode = node.childForFieldName('name') ?? node;
  const suggest = v.suggestions?.length ? ` Did you mean ${v.suggestions.map((s) => `\`${s.split('.').pop()}\``).join(', ')}?` : '';
  ctx.report({
    node: nameNode,
    severity: 'warning',
    confidence: 'medium',
    basis: { kind: 'project', detail: installedDetail(v) },
    message: `\`${v.symbol}\` does not exist in ${v.package.name} ${v.package.version}, the version this project references: ${v.reason ?? ''}${suggest}`,
    ...(v.suggestions?.[0] ? { suggestion: v.suggestions[0].split('.').pop()! } : {}),
  });
  return true;
}
