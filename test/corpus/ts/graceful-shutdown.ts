import http from 'node:http';
import { once } from 'node:events';

const server = http.createServer((_req, res) => {
  res.end('ok');
});
server.requestTimeout = 30_000;

async function closeServer(): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  await closed;
}

async function shutdown(signal: string): Promise<void> {
  console.log(`${signal} received, draining connections`);
  const forceExit = setTimeout(() => {
    console.error('drain took too long, exiting');
    process.exit(1);
  }, 10_000);
  forceExit.unref();
  try {
    await closeServer();
    process.exitCode = 0;
  } catch (err) {
    console.error('shutdown failed', err);
    process.exitCode = 1;
  }
}

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  // shutdown() catches its own errors; `void` says the listener does not wait on purpose.
  process.once(sig, () => void shutdown(sig));
}

server.listen(Number(process.env.PORT ?? 3000));
