import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

interface UserRow {
  id: string;
  email: string;
}

async function gravatarFor(email: string): Promise<string> {
  const res = await fetch(`https://gravatar.example.com/lookup?email=${encodeURIComponent(email)}`, {
    signal: AbortSignal.timeout(3_000),
  });
  return res.ok ? ((await res.json()) as { url: string }).url : '';
}

export const router = express.Router();

router.get('/admin/users/export', (req, res, next) => {
  pool
    .query<UserRow>('SELECT id, email FROM users WHERE org_id = $1', [req.query.org])
    .then(async ({ rows }) => {
      // One lookup per user of the organisation, all at once.
      const avatars = await Promise.all(rows.map((r) => gravatarFor(r.email))); // expect: unbounded-concurrency
      res.json(rows.map((r, i) => ({ ...r, avatar: avatars[i] })));
    })
    .catch(next);
});
