import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });

export interface Session {
  userId: string;
  roles: string[];
  expiresAt: number;
}

async function readSession(sid: string): Promise<Session | null> {
  const raw = await client.get(`sess:${sid}`);
  return raw ? (JSON.parse(raw) as Session) : null;
}

async function isRevoked(sid: string): Promise<boolean> {
  return (await client.sIsMember('revoked-sessions', sid)) === 1;
}

export async function requireRole(sid: string, role: string): Promise<Session> {
  if (isRevoked(sid)) { // expect: missing-await
    throw new Error('session revoked');
  }
  const session = readSession(sid);
  if (!session) throw new Error('no session'); // expect: missing-await
  const roles = session.roles; // expect: missing-await
  if (!roles.includes(role)) throw new Error(`missing role ${role}`);
  return session;
}

export async function touch(sid: string, ttlSeconds: number): Promise<Session | null> {
  try {
    const session = await readSession(sid);
    if (!session) return null;
    session.expiresAt = Date.now() + ttlSeconds * 1000;
    return client.set(`sess:${sid}`, JSON.stringify(session), { EX: ttlSeconds }).then(() => session); // expect: missing-await
  } catch (err) {
    console.error(`touch failed for ${sid}`, err);
    return null;
  }
}
