import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';

const BATCH = 500;

async function insertBatch(client: pg.PoolClient, rows: string[][]): Promise<void> {
  const values = rows.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(', ');
  await client.query(`INSERT INTO contacts (email, name) VALUES ${values}`, rows.flat());
}

/**
 * Streams a CSV into Postgres in batches of 500 rows, one batch at a time inside one transaction:
 * the order of batches matters for the transaction, and memory stays flat.
 */
export async function importContacts(pool: pg.Pool, file: string): Promise<number> {
  const client = await pool.connect();
  let count = 0;
  let batch: string[][] = [];
  try {
    await client.query('BEGIN');
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
      const [email, name] = line.split(',');
      if (!email || !name) continue;
      batch.push([email.trim(), name.trim()]);
      if (batch.length === BATCH) {
        await insertBatch(client, batch);
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) {
      await insertBatch(client, batch);
      count += batch.length;
    }
    await client.query('COMMIT');
    return count;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
