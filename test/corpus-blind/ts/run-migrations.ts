import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

interface Migration {
  version: string;
  file: string;
}

async function pending(client: Client, dir: string): Promise<Migration[]> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz DEFAULT now())');
  const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files
    .map((file) => ({ version: file.split('_')[0], file: path.join(dir, file) }))
    .filter((m) => !applied.has(m.version));
}

export async function migrate(connectionString: string, dir = 'migrations'): Promise<string[]> {
  const client = new Client({ connectionString });
  await client.connect();
  const done: string[] = [];
  try {
    const todo = await pending(client, dir);
    // Migrations build on one another: each must commit before the next one starts.
    for (const migration of todo) {
      const sql = await readFile(migration.file, 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.version} failed`, { cause: err });
      }
      done.push(migration.version);
    }
  } finally {
    await client.end();
  }
  return done;
}
