/** Rule selection shared by the languages: all rules, or the named ones; an unknown id names the known ones. */
import type { RuleMeta } from './rule-meta.js';

/**
 * The rules to run. `label` prefixes the error (`Python` gives "Unknown Python rule id"); ids in `alsoAllowed`
 * (such as `syntax-error`) are accepted without being rules.
 */
export function selectRules<R extends { meta: RuleMeta }>(
  all: readonly R[],
  ids: readonly string[] | undefined,
  options: { label?: string; alsoAllowed?: readonly string[] } = {},
): R[] {
  if (ids === undefined) return [...all];
  if (!Array.isArray(ids)) throw new TypeError(`rules must be an array of rule ids, received ${typeof ids}`);
  const known = all.map((r) => r.meta.id);
  const unknown = ids.filter((id) => !known.includes(id) && !(options.alsoAllowed ?? []).includes(id));
  if (unknown.length > 0) {
    const label = options.label ? `${options.label} ` : '';
    throw new RangeError(`Unknown ${label}rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}. Known: ${known.join(', ')}`);
  }
  return all.filter((r) => ids.includes(r.meta.id));
}
