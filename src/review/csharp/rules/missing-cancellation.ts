import { csCatalog, overloadSince, overloadsOf } from '../catalog.js';
import { isTokenType, passesToken, receivedToken } from '../predicates.js';
import type { CsRule } from '../rule.js';
import { argumentsOf, calleeName, inFrameworkConditional, type CsNode } from '../syntax.js';

/**
 * EF Core's async operators (Microsoft.EntityFrameworkCore, not in the .NET reference packs): each takes a
 * CancellationToken as its last parameter. Hand-curated from the EntityFrameworkQueryableExtensions and DbContext docs.
 */
const EF_ASYNC = /^(SaveChangesAsync|ToListAsync|ToArrayAsync|ToDictionaryAsync|ToHashSetAsync|FirstAsync|FirstOrDefaultAsync|SingleAsync|SingleOrDefaultAsync|LastAsync|LastOrDefaultAsync|AnyAsync|AllAsync|CountAsync|LongCountAsync|SumAsync|MinAsync|MaxAsync|AverageAsync|ContainsAsync|FindAsync|AddAsync|AddRangeAsync|LoadAsync|ExecuteUpdateAsync|ExecuteDeleteAsync|ForEachAsync|ExecuteSqlRawAsync|ExecuteSqlInterpolatedAsync|ExecuteSqlAsync|BeginTransactionAsync|CommitAsync|RollbackAsync)$/;

/** Why a call accepts a token: an overload in the catalog available at the target, or a parameter declared here. */
function tokenOverload(ctx: Parameters<CsRule['create']>[0], call: CsNode): string | undefined {
  const { file, target } = ctx;
  const info = file.callInfo(call);
  if (info.decls?.length) return info.decls.some((d) => d.params.some((p) => isTokenType(p.type))) ? `${info.name} (declared in this file) takes a CancellationToken` : undefined;
  const entries = info.catalog ? [info.catalog.entry] : info.extensions ?? [];
  for (const entry of entries) {
    for (const s of overloadsOf(entry)) {
      if (s.kind !== 'method' || !s.params.some((p) => isTokenType(p.type))) continue;
      const since = overloadSince(entry, s.text);
      if (since && Number(since) > Number(target)) continue;
      // The overload must fit the arguments already passed plus the token.
      const given = argumentsOf(call).length;
      const params = s.params.filter((p) => !p.isThis);
      if (params.length < given + 1 && !params.some((p) => p.isParams)) continue;
      return s.text.replace(/^public\s+(static\s+)?/, '');
    }
  }
  if (!entries.length && !info.catalog && EF_ASYNC.test(info.name) && file.namespaces.has('Microsoft.EntityFrameworkCore')) return `EF Core's ${info.name} takes a CancellationToken`;
  void csCatalog;
  return undefined;
}

export const missingCancellation: CsRule = {
  meta: {
    id: 'missing-cancellation',
    description: 'A CancellationToken this method received is not passed to a call that accepts one.',
    severity: 'warning',
    patternId: 'cancellation-cleanup',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      invocation_expression(call) {
        const name = calleeName(call);
        if (!name || name === 'ThrowIfCancellationRequested' || name === 'Register' || name === 'ConfigureAwait') return;
        // Code for another target framework (`#if !NET6_0_OR_GREATER`) calls the overloads that framework has.
        if (inFrameworkConditional(call)) return;
        const token = receivedToken(file, call);
        if (!token || passesToken(file, call)) return;
        // The token handed on inside an argument (`new Options(..., ct)`, `args with { Token = ct }`) is passed.
        if (argumentsOf(call).some((a) => new RegExp(`\\b${token}\\b`).test(a.value.text))) return;
        const why = tokenOverload(ctx, call);
        if (!why) return;
        const info = file.callInfo(call);
        ctx.report({
          node: call,
          basis: info.decls?.length ? { kind: 'declared-type', detail: why } : why.includes('EF Core') ? { kind: 'name', detail: why } : { kind: 'catalog', detail: `${why} (.NET reference packs)` },
          confidence: why.includes('EF Core') ? 'medium' : 'high',
          message: `\`${name}\` can take a CancellationToken (${why}) but \`${token}\` is not passed, so cancelling the caller does not stop this call. Pass \`${token}\`.`,
          suggestion: `${call.childForFieldName('function')?.text ?? name}(${[...argumentsOf(call).map((a) => a.node.text), token].join(', ')})`,
        });
      },
    };
  },
};
