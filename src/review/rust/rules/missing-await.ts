import type { Basis } from '../../finding.js';
import { returnsFuture } from '../catalog.js';
import type { RsRule } from '../rule.js';
import type { RsFile } from '../symbols.js';
import { boundNames, calleeOf, frameOf, isAwaited, laterUses, usedAsOutput, type RsNode } from '../syntax.js';

interface FutureCall {
  what: string;
  basis: Basis;
}

/** Is this expression a call that makes a future (a local async fn, a catalogued future-returning API, an async block)? */
function futureOf(file: RsFile, expr: RsNode): FutureCall | undefined {
  let e = expr;
  while (e.type === 'parenthesized_expression' && e.namedChildCount === 1) e = e.namedChild(0) as RsNode;
  if (e.type === 'async_block') return { what: 'async { .. }', basis: { kind: 'syntax', detail: 'an `async` block' } };
  if (e.type !== 'call_expression') return undefined;
  const decl = file.asyncCallee(e);
  const c = calleeOf(e);
  if (!c) return undefined;
  if (decl) return { what: `${c.name}(..)`, basis: { kind: 'declared-type', detail: `\`${decl.name}\` is declared async (or future-returning) on line ${decl.line}` } };
  if (c.kind === 'path') {
    const full = file.resolvePath(c.name);
    if (full && returnsFuture(full)) return { what: `${full}(..)`, basis: { kind: 'catalog', detail: `\`${full}\` returns a future (catalog signature)` } };
    return undefined;
  }
  const t = file.typeOfExpr(c.receiver);
  if (t && returnsFuture(`${t.path}::${c.name}`)) return { what: `${c.name}(..)`, basis: { kind: 'catalog', detail: `\`${t.path}::${c.name}\` returns a future (catalog signature; receiver type from line ${t.line})` } };
  return undefined;
}

export const missingAwait: RsRule = {
  meta: {
    id: 'missing-await',
    description: 'A future created and dropped without .await (a statement call to an async fn, `let _ = fut;`, a binding never used) or used as if it were its output (`fut?`, `fut.unwrap()`): it never runs.',
    severity: 'error',
    patternId: 'structured-concurrency',
    certainFromSyntax: 'An `async` block is a future by its syntax; dropped as a statement or bound to `_`, it is destroyed unpolled, so its body never runs.',
  },
  create(ctx) {
    const { file } = ctx;
    const report = (node: RsNode, f: FutureCall, how: string) => {
      const inAsync = frameOf(node).async;
      ctx.report({
        node,
        basis: f.basis,
        message: `\`${f.what}\` makes a future and ${how}: futures are lazy, so the work never runs. ${inAsync ? 'Add `.await`' : 'Await it from async code, or hand it to `tokio::spawn`'}; to run it in the background on purpose, \`tokio::spawn\` it and keep the handle.`,
        suggestion: inAsync ? `${node.type === 'let_declaration' ? node.childForFieldName('value')?.text : node.type === 'call_expression' ? node.text : node.namedChild(0)?.text}.await` : undefined,
      });
    };
    return {
      expression_statement(stmt) {
        const expr = stmt.namedChild(0);
        if (!expr) return;
        // A block-like expression (`async { .. }`) ending a block without `;` is the block's value, not dropped.
        if (!stmt.text.trimEnd().endsWith(';') && stmt.parent?.lastNamedChild?.id === stmt.id) return;
        const f = futureOf(file, expr);
        if (f) report(stmt, f, 'drops it at the `;`');
      },
      call_expression(call) {
        // `fetch(id)?`, `fetch(id).unwrap()`, `match fetch(id) {..}`: the output was wanted, the `.await` forgotten.
        if (isAwaited(call)) return;
        const how = usedAsOutput(call);
        if (!how) return;
        const f = futureOf(file, call);
        if (f) report(call, f, `${how} as if it were the output`);
      },
      let_declaration(letNode) {
        const pat = letNode.childForFieldName('pattern');
        const value = letNode.childForFieldName('value');
        if (!pat || !value) return;
        if (pat.type === '_' || pat.text === '_') {
          const f = futureOf(file, value);
          if (f) report(letNode, f, 'binds it to `_`, which drops it at once');
          return;
        }
        // `let user = fetch(id);` then never awaited: unused, or used as the output (`user.name`, `user?`).
        if (pat.type !== 'identifier' && !(pat.type === 'mut_pattern' && pat.namedChildCount === 1)) return;
        const name = boundNames(pat)[0];
        if (!name) return;
        const f = futureOf(file, value);
        if (!f) return;
        const uses = laterUses(letNode, name);
        if (uses.length === 0) {
          report(letNode, f, `binds it to \`${name}\`, which is never used, so it is dropped unpolled`);
          return;
        }
        const first = uses[0] as RsNode;
        const how = usedAsOutput(first);
        if (how) report(letNode, f, `binds it to \`${name}\`, then ${how.replace(/\bit\b/, `\`${name}\``)} (line ${first.startPosition.row + 1}) as if it were the output`);
      },
    };
  },
};
