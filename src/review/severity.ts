/**
 * The severity contract, one function for every language:
 * - `error`: the code will misbehave at run time whenever that line runs (near-certain);
 * - `warning`: likely to misbehave;
 * - `info`: style or advice.
 * An error must rest on something that makes it near-certain: a declared type, a catalog fact, the project's own
 * configuration, or syntax that the rule has explained (`certainFromSyntax`) to be enough. Anything weaker, an
 * inferred type or a name, is at most a warning.
 */
import type { Basis, BasisKind, Severity } from './finding.js';
import type { RuleMeta } from './rule-meta.js';

/** Bases that can carry an `error` by themselves. */
export const CERTAIN_BASES: readonly BasisKind[] = ['declared-type', 'catalog', 'project'];

/** True when a finding on this basis may be an `error` for this rule. */
export function basisSupportsError(basis: Basis, meta: Pick<RuleMeta, 'certainFromSyntax'>): boolean {
  if (CERTAIN_BASES.includes(basis.kind)) return true;
  return basis.kind === 'syntax' && meta.certainFromSyntax !== undefined && meta.certainFromSyntax.trim().length > 0;
}

/** The severity a finding gets: what the rule asked for, lowered to `warning` when its basis cannot carry an error. */
export function contractSeverity(requested: Severity, basis: Basis, meta: Pick<RuleMeta, 'certainFromSyntax'>): Severity {
  return requested === 'error' && !basisSupportsError(basis, meta) ? 'warning' : requested;
}

/** One line for people: "declared type: `Promise<void>` ...". */
export function describeBasis(basis: Basis): string {
  const label = basis.kind.replace('-', ' ');
  return basis.detail ? `${label}: ${basis.detail}` : label;
}
