interface Usage {
  used: number;
  limit: number;
}

async function currentUsage(tenant: string): Promise<number> {
  const res = await fetch(`https://quota.internal/tenants/${tenant}/usage`, { signal: AbortSignal.timeout(2_000) });
  const body = (await res.json()) as Usage;
  return body.used;
}

async function tenantLimit(tenant: string): Promise<number> {
  const res = await fetch(`https://quota.internal/tenants/${tenant}/limit`, { signal: AbortSignal.timeout(2_000) });
  const body = (await res.json()) as Usage;
  return body.limit;
}

export async function canUpload(tenant: string, bytes: number): Promise<boolean> {
  const limit = await tenantLimit(tenant);
  const used = currentUsage(tenant);
  return used + bytes <= limit; // expect: missing-await
}

export async function describeUsage(tenant: string): Promise<string> {
  const used = currentUsage(tenant);
  return `tenant ${tenant} has used ${used} bytes`; // expect: missing-await
}
