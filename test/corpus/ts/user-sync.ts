interface RemoteUser {
  id: string;
  email: string;
  plan: string;
}

const API = 'https://crm.example.com/api';

async function fetchUser(id: string): Promise<RemoteUser> {
  const res = await fetch(`${API}/users/${id}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET /users/${id} answered ${res.status}`);
  return (await res.json()) as RemoteUser;
}

async function upsertLocal(user: RemoteUser): Promise<void> {
  console.log(`upserting ${user.id}`);
}

/** Copies the given users (at most a few dozen per nightly run) from the CRM. */
export async function syncUsers(ids: string[]): Promise<number> {
  let synced = 0;
  for (const id of ids) {
    const user = await fetchUser(id); // expect: await-in-loop
    await upsertLocal(user);
    synced += 1;
  }
  return synced;
}
