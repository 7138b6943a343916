import http from 'node:http';

// Keeps the process alive no matter what; every rejection disappears without a trace.
process.on('unhandledRejection', () => {}); // expect: swallowed-error

process.on('uncaughtException', (err) => {
  console.error('uncaught exception, exiting', err);
  process.exit(1);
});

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
server.requestTimeout = 10_000;

export function start(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
