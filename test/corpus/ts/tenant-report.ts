interface Tenant {
  id: string;
  name: string;
}

async function usageFor(tenant: Tenant): Promise<number> {
  const res = await fetch(`https://usage.internal/tenants/${tenant.id}`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { bytes: number };
  return body.bytes;
}

export async function usageTable(tenants: Map<string, Tenant>): Promise<string> {
  const lines: string[] = [];
  for (const [id, tenant] of tenants) {
    const bytes = await usageFor(tenant); // expect: await-in-loop
    lines.push(`${id}\t${tenant.name}\t${bytes}`);
  }
  return lines.join('\n');
}

export function humanBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(1)} ${units[i]}`;
}
