/** A small seeded PRNG (mulberry32): the fuzz corpus is the same on every run, so a failure reproduces. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzMessage {
  kind: string;
  /** Raw bytes to send as one message (stdio: one line; HTTP: one body). */
  bytes: Buffer;
}

const METHODS = [
  'initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'resources/templates/list',
  'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel', 'skills/list', 'skills/get',
  'notifications/cancelled', 'notifications/initialized', 'no/such/method', '', '\u0000', 'tools/call/../../x',
];
const TOOLS = ['get_checklist', 'list_patterns', 'get_pattern', 'verify_api', 'search_api', 'review_code', 'nope'];

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Builds `count` malformed or adversarial JSON-RPC messages from `seed`. None contains a newline byte. */
export function fuzzMessages(seed: number, count: number): FuzzMessage[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const randomValue = (depth = 0): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.2) return pick([null, true, false, 0, -1, 1e308, -0, 'x', '', '\u202e', '../../etc/passwd']);
    if (r < 0.4) return 'a'.repeat(Math.floor(rnd() * 2000));
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => [`k${i}`, randomValue(depth + 1)]));
  };
  const generators: Array<[string, () => string | Buffer]> = [
    ['binary', () => Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => {
      const b = Math.floor(rnd() * 256);
      return b === 0x0a ? 0x0b : b;
    }))],
    ['invalid-utf8', () => Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')])],
    ['broken-json', () => {
      const full = JSON.stringify({ jsonrpc: '2.0', id: 1, method: pick(METHODS), params: randomValue() });
      return full.slice(0, Math.floor(rnd() * full.length));
    }],
    ['not-an-object', () => JSON.stringify(pick([42, 'hello', null, [], [1, 2, 3], true, { jsonrpc: '1.0' }]))],
    ['wrong-types', () => JSON.stringify({ jsonrpc: pick(['2.0', 2, null]), id: pick([{}, [], true, 1.5]), method: pick([7, null, [], 'ping']), params: pick(['str', 5, [1], null]) })],
    ['huge-id', () => JSON.stringify({ jsonrpc: '2.0', id: pick(['i'.repeat(100_000), 1e308, Number.MAX_SAFE_INTEGER * 4, -1]), method: 'ping' })],
    ['deep-nesting', () => `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_checklist","arguments":{"phase":${nested(1000 + Math.floor(rnd() * 20_000))}}}}`],
    ['unknown-method', () => JSON.stringify({ jsonrpc: '2.0', id: Math.floor(rnd() * 1e6), method: `x/${Math.floor(rnd() * 1e6)}`, params: randomValue() })],
    ['tool-garbage', () => JSON.stringify({ jsonrpc: '2.0', id: Math.floor(rnd() * 1e6), method: 'tools/call', params: { name: pick(TOOLS), arguments: randomValue() } })],
    ['resource-traversal', () => JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'resources/read', params: { uri: pick(['skill://async-expert/../../package.json', 'skill://async-expert/%2e%2e%2f%2e%2e%2fpackage.json', 'file:///etc/passwd', 'pattern://python/../../../etc/passwd', 'api://python/' + 'a'.repeat(5000), 'skill://async-expert/' + '/'.repeat(3000)]) } })],
    ['random-method', () => JSON.stringify({ jsonrpc: '2.0', id: Math.floor(rnd() * 100), method: pick(METHODS), params: randomValue() })],
    ['batch', () => JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'ping' }, randomValue(), { jsonrpc: '2.0', method: 'tools/list' }])],
  ];
  const out: FuzzMessage[] = [];
  for (let i = 0; i < count; i++) {
    const [kind, make] = generators[i % generators.length]!;
    const value = make();
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    out.push({ kind, bytes: Buffer.from(bytes.map((b) => (b === 0x0a ? 0x20 : b))) });
  }
  return out;
}
