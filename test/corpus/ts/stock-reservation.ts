const stock: Record<string, number> = { 'sku-1': 10, 'sku-2': 3 };

async function recordReservation(sku: string, qty: number): Promise<void> {
  const res = await fetch('https://orders.internal/reservations', {
    method: 'POST',
    body: JSON.stringify({ sku, qty }),
    signal: AbortSignal.timeout(4_000),
  });
  if (!res.ok) throw new Error(`reservation answered ${res.status}`);
}

export async function reserve(sku: string, qty: number): Promise<boolean> {
  const available = stock[sku] ?? 0;
  if (available < qty) return false;
  await recordReservation(sku, qty);
  stock[sku] = available - qty; // expect: race-condition
  return true;
}

export async function reserveFixed(sku: string, qty: number): Promise<boolean> {
  if ((stock[sku] ?? 0) < qty) return false;
  // Take the units first, synchronously; hand them back if recording fails.
  stock[sku] = (stock[sku] ?? 0) - qty;
  try {
    await recordReservation(sku, qty);
    return true;
  } catch (err) {
    stock[sku] = (stock[sku] ?? 0) + qty;
    throw err;
  }
}
