interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Invoice {
  id: string;
  amount: number;
  currency: string;
}

const BASE = 'https://billing.example.com/v2';

async function getPage(cursor: string | null, signal: AbortSignal): Promise<Page<Invoice>> {
  const url = new URL(`${BASE}/invoices`);
  if (cursor) url.searchParams.set('cursor', cursor);
  const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
  if (!res.ok) throw new Error(`GET ${url.pathname} answered ${res.status}`);
  return (await res.json()) as Page<Invoice>;
}

/** Walks every page: each request needs the cursor the previous one returned, so they cannot overlap. */
export async function listAllInvoices(signal: AbortSignal): Promise<Invoice[]> {
  const all: Invoice[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Invoice> = await getPage(cursor, signal);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

export async function* iterateInvoices(signal: AbortSignal): AsyncGenerator<Invoice> {
  let cursor: string | null = null;
  while (true) {
    const page: Page<Invoice> = await getPage(cursor, signal);
    yield* page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
