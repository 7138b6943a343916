import http from 'node:http';

async function checkDatabase(): Promise<boolean> {
  const res = await fetch('http://127.0.0.1:5433/ping', { signal: AbortSignal.timeout(1_000) });
  return res.ok;
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.url !== '/healthz') {
    res.writeHead(404).end();
    return;
  }
  const dbOk = await checkDatabase();
  res.writeHead(dbOk ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ db: dbOk }));
}

export const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error('health handler failed', err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

server.requestTimeout = 15_000;
