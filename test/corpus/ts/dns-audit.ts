import { resolve4 } from 'node:dns/promises';

export interface DnsResult {
  host: string;
  addresses: string[];
}

export async function resolveAll(hosts: readonly string[]): Promise<DnsResult[]> {
  const results: DnsResult[] = [];
  let i = 0;
  while (i < hosts.length) {
    const host = hosts[i]!;
    results.push({ host, addresses: await resolve4(host) }); // expect: await-in-loop
    i++;
  }
  return results;
}

export function summarize(results: DnsResult[]): string {
  return results.map((r) => `${r.host}: ${r.addresses.join(', ') || 'no A records'}`).join('\n');
}
