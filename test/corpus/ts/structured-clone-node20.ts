// target: node 20
interface Draft {
  id: string;
  blocks: Array<{ type: string; text: string }>;
}

export function snapshot(d: Draft): Draft {
  return structuredClone(d);
}

export function lastHeading(d: Draft): string | undefined {
  return d.blocks.findLast((b) => b.type === 'heading')?.text;
}

export async function firstResponder(urls: string[]): Promise<string> {
  const signal = AbortSignal.timeout(5_000);
  const winners = urls.slice(0, 2).map((u) => fetch(u, { signal }).then((r) => r.text()));
  return Promise.race(winners);
}

export function sharedTags(a: Set<string>, b: Set<string>): Set<string> {
  return a.intersection(b); // expect: too-new-api
}
