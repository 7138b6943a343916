import pg from 'pg';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

interface EventRow {
  id: number;
  kind: string;
  payload: string;
}

/**
 * Exports a large table with keyset pagination: each query starts after the last id of the previous page,
 * so the queries are sequential by construction.
 */
export async function exportEvents(pool: pg.Pool, file: string): Promise<number> {
  const out = createWriteStream(file);
  let lastId = 0;
  let total = 0;
  try {
    for (;;) {
      const { rows } = await pool.query<EventRow>(
        'SELECT id, kind, payload FROM events WHERE id > $1 ORDER BY id LIMIT 1000',
        [lastId],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      }
      total += rows.length;
      lastId = rows[rows.length - 1]!.id;
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return total;
}
