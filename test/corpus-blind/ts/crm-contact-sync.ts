import { setTimeout as sleep } from 'node:timers/promises';

interface Contact {
  id: string;
  email: string;
  name: string;
}

// The CRM allows 5 requests per second per API key; exceeding it bans the key for an hour.
const MIN_GAP_MS = 200;

async function upsertContact(baseUrl: string, apiKey: string, contact: Contact): Promise<void> {
  const res = await fetch(`${baseUrl}/contacts/${contact.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: contact.email, name: contact.name }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`upsert ${contact.id}: HTTP ${res.status}`);
}

export async function syncContacts(baseUrl: string, apiKey: string, contacts: Contact[]): Promise<number> {
  let synced = 0;
  for (const contact of contacts) {
    const started = Date.now();
    await upsertContact(baseUrl, apiKey, contact);
    synced++;
    const elapsed = Date.now() - started;
    if (elapsed < MIN_GAP_MS) await sleep(MIN_GAP_MS - elapsed); // deliberate pacing under the vendor's rate limit
  }
  return synced;
}
