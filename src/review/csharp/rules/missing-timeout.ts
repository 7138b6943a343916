import { csCatalog } from '../catalog.js';
import { passesNoToken, passesToken, receivedToken } from '../predicates.js';
import type { CsRule, CsRuleContext } from '../rule.js';
import { argumentsOf, calleeName, receiverOf, simpleName, unparen, type CsNode } from '../syntax.js';

/**
 * Waits with no deadline of their own (hand-curated from the .NET API docs): a socket or pipe that never answers, a
 * child process that never exits. HttpClient is not here: its Timeout property defaults to 100 seconds.
 */
const UNBOUNDED: Record<string, RegExp> = {
  // Only the async forms: a sync socket call gets its deadline from ReceiveTimeout/SendTimeout, set elsewhere.
  Socket: /^(ConnectAsync|ReceiveAsync|ReceiveFromAsync|ReceiveMessageFromAsync|AcceptAsync)$/,
  TcpClient: /^(Connect|ConnectAsync)$/,
  TcpListener: /^(AcceptTcpClientAsync|AcceptSocketAsync|AcceptTcpClient|AcceptSocket)$/,
  UdpClient: /^ReceiveAsync$/,
  NetworkStream: /^(ReadAsync|ReadExactlyAsync|ReadAtLeastAsync)$/,
  WebSocket: /^(ReceiveAsync|ConnectAsync)$/,
  NamedPipeClientStream: /^(Connect|ConnectAsync)$/,
  NamedPipeServerStream: /^(WaitForConnection|WaitForConnectionAsync)$/,
  Process: /^(WaitForExit|WaitForExitAsync)$/,
};

/** A timeout argument (`int` milliseconds or a TimeSpan) passed positionally or by name. */
function passesTimeout(ctx: CsRuleContext, call: CsNode): boolean {
  const args = argumentsOf(call);
  // Positional: the overload with this many parameters names that position a timeout.
  const sigs = ctx.file.signaturesOf(call).filter((s) => s.params.length === args.length);
  return args.some((a, i) => {
    if (/timeout|milliseconds/i.test(a.name ?? '')) return true;
    if (sigs.some((s) => /timeout|milliseconds/i.test(s.params[i]?.name ?? ''))) return true;
    return ctx.file.typeOf(a.value)?.type.name === 'TimeSpan' || /^TimeSpan\.From\w+\(/.test(unparen(a.value).text);
  });
}

/** The receiver is a reader or writer built over a network stream (`new StreamReader(client.GetStream())`). */
function overNetwork(ctx: CsRuleContext, recv: CsNode): boolean {
  const v = recv.type === 'identifier' ? ctx.file.lookup(recv.text, recv) : undefined;
  const init = v?.init ? unparen(v.init) : undefined;
  if (init?.type !== 'object_creation_expression' || !/^(StreamReader|StreamWriter|BinaryReader)$/.test(init.childForFieldName('type')?.text ?? '')) return false;
  const first = argumentsOf(init)[0]?.value;
  if (!first) return false;
  if (/\bGetStream\(\)/.test(first.text)) return true;
  const t = ctx.file.typeOf(first)?.cat;
  return !!t && (csCatalog()?.lineage(t).some((x) => x.name === 'NetworkStream') ?? false);
}

export const missingTimeout: CsRule = {
  meta: {
    id: 'missing-timeout',
    description: 'A network, pipe or process wait with no deadline: no timeout, no CancellationToken (or CancellationToken.None), and none in scope to pass.',
    severity: 'warning',
    patternId: 'timeout',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      invocation_expression(call) {
        const name = calleeName(call);
        if (!name) return;
        const info = file.callInfo(call);
        const owner = info.catalog?.owner ?? info.receiverType?.cat;
        let what: string | undefined;
        if (owner) {
          const lineage = csCatalog()?.lineage(owner).map((t) => t.name) ?? [owner.name];
          const hit = Object.entries(UNBOUNDED).find(([t, re]) => lineage.includes(t) && re.test(name));
          if (hit) what = `${owner.name}.${name}`;
          else if (/^(StreamReader|StreamWriter|TextReader|TextWriter)$/.test(owner.name) && /^(ReadLineAsync|ReadAsync|ReadToEndAsync|ReadLine|ReadToEnd)$/.test(name)) {
            const recv = receiverOf(call);
            if (recv && overNetwork(ctx, unparen(recv))) what = `${simpleName(call.childForFieldName('function') ?? call)} on a network stream`;
          }
        } else if (/^(ReadLineAsync|ReadAsync|ReadToEndAsync|ReadLine|ReadToEnd)$/.test(name)) {
          const recv = receiverOf(call);
          if (recv && overNetwork(ctx, unparen(recv))) what = `${simpleName(call.childForFieldName('function') ?? call)} on a network stream`;
        }
        if (!what) return;
        if (passesTimeout(ctx, call)) return;
        // A token passed (other than None/default) may carry a deadline; one in scope but not passed is missing-cancellation.
        if (passesToken(file, call) && !passesNoToken(call)) return;
        if (!passesNoToken(call) && receivedToken(file, call)) return;
        ctx.report({
          node: call,
          message: `\`${what}\` waits with no deadline: if the other side never answers, this waits forever. Pass a CancellationToken with a timeout (\`using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));\`), or use the overload that takes a timeout.`,
          suggestion: 'using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));',
        });
      },
      assignment_expression(node) {
        // `Timeout = Timeout.InfiniteTimeSpan` on an HttpClient removes its 100-second default.
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right || simpleName(left) !== 'Timeout' && left.text !== 'Timeout') return;
        if (!/^(System\.Threading\.)?Timeout\.InfiniteTimeSpan$/.test(right.text)) return;
        const init = node.parent?.type === 'initializer_expression' ? node.parent.parent : undefined;
        const typeName = init?.childForFieldName('type')?.text ?? (left.type === 'member_access_expression' ? file.typeOf(left.childForFieldName('expression'))?.type.name : undefined);
        if (typeName !== 'HttpClient') return;
        ctx.report({
          node,
          message: '`HttpClient.Timeout = Timeout.InfiniteTimeSpan` removes the 100-second default: a server that never answers now hangs the call forever unless every call passes a token with a deadline. Keep a finite Timeout, or set a per-call deadline with a CancellationTokenSource.',
        });
      },
    };
  },
};
