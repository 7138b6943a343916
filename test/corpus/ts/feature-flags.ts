interface Flags {
  newCheckout: boolean;
  betaSearch: boolean;
}

let cached: Flags | undefined;

async function fetchFlags(): Promise<Flags> {
  const res = await fetch('https://flags.internal/v1/flags', { signal: AbortSignal.timeout(2_000) });
  if (!res.ok) throw new Error(`flags service answered ${res.status}`);
  return (await res.json()) as Flags;
}

export async function isEnabled(name: keyof Flags): Promise<boolean> {
  const flags = fetchFlags();
  if (flags) { // expect: missing-await
    return (await flags)[name];
  }
  return false;
}

export async function checkoutVariant(): Promise<'new' | 'old'> {
  const flags = fetchFlags();
  return flags.newCheckout ? 'new' : 'old'; // expect: missing-await
}

export async function refreshFlags(): Promise<Flags> {
  cached = await fetchFlags();
  return cached;
}
