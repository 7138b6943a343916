/**
 * The project's locked crates for hallucinated-api: before the walk, every path the file names under a crate that is
 * not one of the catalog's (tokio, futures, tokio-util keep their catalog verdicts) is asked of the crate version in
 * Cargo.lock (src/workspace/rust-api.ts); the rule reports a `not_found` from that read.
 */
import type { Tree } from 'web-tree-sitter';
import type { Basis } from '../finding.js';
import { installedDetail, type InstalledLookup, type PackageVerdict } from '../installed.js';
import { addListeners, walkTree, type NodeListeners } from '../tree-sitter.js';
import { pathListeners, type NamedPath } from './api-paths.js';
import { CATALOG_CRATES } from './catalog.js';
import type { RsRuleContext } from './rule.js';
import type { RsFile } from './symbols.js';

/** Paths asked per file: enough for real modules, bounded for generated ones. */
const MAX_THIRD_PARTY_PATHS = 200;

/** Roots that are never a locked dependency. */
const NOT_CRATES = new Set(['std', 'core', 'alloc', 'proc_macro', 'crate', 'self', 'super', 'Self']);

/** A path head that may name a locked third-party crate (the lookup decides). */
export function maybeThirdParty(root: string): boolean {
  return /^[a-z_][a-z0-9_]*$/.test(root) && !NOT_CRATES.has(root) && !(CATALOG_CRATES as readonly string[]).includes(root);
}

const localModules = new WeakMap<RsFile, Set<string>>();

/** Modules the file declares (`mod slab;`): a path through one is the project's own, whatever crate shares its name. */
function modulesOf(file: RsFile): Set<string> {
  let mods = localModules.get(file);
  if (!mods) {
    mods = new Set(file.root.descendantsOfType('mod_item').map((m) => m?.childForFieldName('name')?.text ?? ''));
    localModules.set(file, mods);
  }
  return mods;
}

/** The predicate the rule and the collection share: a possible crate head, not a module of this file. */
export function thirdPartyHead(file: RsFile): (root: string) => boolean {
  return (root) => maybeThirdParty(root) && !modulesOf(file).has(root);
}

/** Verdicts of the locked crates on the third-party paths the file names. */
export async function thirdPartyVerdicts(file: RsFile, tree: Tree, lookup: InstalledLookup): Promise<Map<string, PackageVerdict>> {
  const paths = new Map<string, boolean>();
  const table: NodeListeners = new Map();
  addListeners(table, pathListeners(file, (p) => {
    if (paths.size < MAX_THIRD_PARTY_PATHS && thirdPartyHead(file)(p.path.split('::')[0] ?? '')) paths.set(p.path, (paths.get(p.path) ?? false) || p.member);
  }, thirdPartyHead(file)));
  walkTree(tree, table);
  const out = new Map<string, PackageVerdict>();
  for (const [p, member] of paths) {
    const v = await lookup(p);
    if (!v) continue;
    // A method the type lacks may come from an extension trait this file imports from a locked crate
    // (`use quote::TokenStreamExt;` gives `TokenStream::append_all`): asked of that trait, and dropped when it has it.
    if (v.status === 'not_found' && member && (await fromImportedTrait(file, p.split('::').pop()!, lookup))) continue;
    out.set(p, v);
  }
  return out;
}

/** Imports asked about per file when a method is missing: the traits a file names are few. */
const MAX_TRAIT_IMPORTS = 30;

/** True when a trait the file imports from a locked crate declares `method`. */
async function fromImportedTrait(file: RsFile, method: string, lookup: InstalledLookup): Promise<boolean> {
  const imports = [...new Set(file.imports.values())].filter((i) => i.includes('::') && maybeThirdParty(i.split('::')[0] ?? '') && /::[A-Z]\w*$/.test(i));
  for (const imp of imports.slice(0, MAX_TRAIT_IMPORTS)) {
    const v = await lookup(`${imp}::${method}`);
    if (v?.status === 'verified') return true;
  }
  return false;
}

/**
 * Reports a path the locked version lacks; true when the path is a third-party one (handled here, reported or not).
 * An error needs the crate read whole (a `not_found` needs that) and no trait the file brings into scope that could
 * add a method; otherwise a warning.
 */
export function checkInstalledPath(ctx: RsRuleContext, p: NamedPath, traitReachable: boolean, gated: boolean): boolean {
  if (!maybeThirdParty(p.path.split('::')[0] ?? '')) return false;
  const v = ctx.installed?.get(p.path);
  if (!v || v.status !== 'not_found') return true;
  // Once per misspelling: `reqwest::Clent::new` is reported for `Clent`, not again for `new`.
  const owner = p.path.slice(0, p.path.lastIndexOf('::'));
  const ownerVerdict = ctx.installed?.get(owner);
  if (ownerVerdict && ownerVerdict.status === 'not_found') return true;
  const sure = !(p.member && traitReachable) && !gated;
  const basis: Basis = { kind: 'project', detail: installedDetail(v) };
  const suggest = v.suggestions?.length ? ` Did you mean ${v.suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  ctx.report({
    node: p.node,
    severity: sure ? 'error' : 'warning',
    confidence: sure ? 'high' : 'medium',
    basis,
    message: `\`${p.path}\` does not exist in ${v.package.name} ${v.package.version}, the version in Cargo.lock${p.member && traitReachable ? ' (on the type itself: a trait this file imports or implements might still provide it)' : gated ? ' (this code is under a cfg or test attribute)' : ''}: ${v.reason ?? ''}${suggest}`,
    ...(v.suggestions?.[0] ? { suggestion: v.suggestions[0] } : {}),
  });
  return true;
}
