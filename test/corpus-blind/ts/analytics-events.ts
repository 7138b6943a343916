import { Pool } from 'pg';

const pool = new Pool();

interface PageView {
  path: string;
  userId: string | null;
  referrer: string | null;
}

async function insertView(view: PageView): Promise<void> {
  await pool.query('INSERT INTO page_views (path, user_id, referrer) VALUES ($1, $2, $3)', [
    view.path,
    view.userId,
    view.referrer,
  ]);
}

async function bumpCounter(path: string): Promise<void> {
  await pool.query(
    'INSERT INTO page_counts (path, n) VALUES ($1, 1) ON CONFLICT (path) DO UPDATE SET n = page_counts.n + 1',
    [path],
  );
}

export function trackPageView(view: PageView): void {
  // Analytics must never slow down or fail the page: fire and forget, but log failures.
  void insertView(view).catch((err: unknown) => console.error('page view not recorded', err));
  bumpCounter(view.path).catch((err: unknown) => {
    console.error(`counter for ${view.path} not updated`, err);
  });
}

export async function topPages(limit = 10): Promise<{ path: string; n: number }[]> {
  const { rows } = await pool.query('SELECT path, n FROM page_counts ORDER BY n DESC LIMIT $1', [limit]);
  return rows;
}

export async function dashboard(userId: string) {
  const [pages, recent] = await Promise.all([
    topPages(5),
    pool.query('SELECT path, created_at FROM page_views WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20', [userId]),
  ]);
  return { pages, recent: recent.rows };
}
