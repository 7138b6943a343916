import http from 'node:http';

async function checkDatabase(): Promise<boolean> {
  const res = await fetch('http://127.0.0.1:5433/ping', { signal: AbortSignal.timeout(1_000) });
  return res.ok;
}

// The server ignores the handler's promise: a throw after headers leaves the request hanging.
export const server = http.createServer(async (req, res) => { // expect: misused-promise
  if (req.url !== '/healthz') {
    res.writeHead(404).end();
    return;
  }
  const dbOk = await checkDatabase();
  res.writeHead(dbOk ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ db: dbOk }));
});

server.headersTimeout = 10_000;
server.requestTimeout = 15_000;
