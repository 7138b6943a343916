import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { Pool } from 'pg';

const pool = new Pool();

interface Row {
  sku: string;
  name: string;
  price: string;
}

async function insertBatch(rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ');
  const params = rows.flatMap((r) => [r.sku, r.name, Number(r.price)]);
  await pool.query(`INSERT INTO products (sku, name, price) VALUES ${values} ON CONFLICT (sku) DO NOTHING`, params);
}

export async function importCsv(file: string, batchSize = 500): Promise<number> {
  const parser = createReadStream(file).pipe(parse({ columns: true, trim: true }));
  let batch: Row[] = [];
  let count = 0;
  // for await pulls one record at a time, so the stream's backpressure holds while a batch is written.
  for await (const record of parser) {
    batch.push(record as Row);
    if (batch.length >= batchSize) {
      await insertBatch(batch);
      count += batch.length;
      batch = [];
    }
  }
  await insertBatch(batch);
  return count + batch.length;
}
