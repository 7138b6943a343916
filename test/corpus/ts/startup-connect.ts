import { createServer } from 'node:http';

interface Db {
  connect(): Promise<void>;
  close(): Promise<void>;
}

declare function createDb(url: string): Db;

const db = createDb(process.env.DATABASE_URL ?? 'postgres://localhost/app');

export async function main(): Promise<void> {
  db.connect(); // expect: floating-promise
  const server = createServer((_req, res) => {
    res.end('ok');
  });
  server.requestTimeout = 10_000;
  server.listen(8080);
  process.once('SIGTERM', () => {
    server.close();
    db.close().catch((err: unknown) => console.error('db close failed', err));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
