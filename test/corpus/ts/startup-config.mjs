#!/usr/bin/env node
// Start-up: load configuration and secrets synchronously before the event loop has any work.
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const configPath = process.env.APP_CONFIG ?? './app.config.json';
if (!existsSync(configPath)) {
  console.error(`missing ${configPath}`);
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const gitSha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', timeout: 5_000 }).trim();

async function serve() {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => {
    res.setHeader('x-version', gitSha);
    res.end(JSON.stringify({ name: config.name }));
  });
  server.requestTimeout = 10_000;
  server.listen(config.port ?? 3000);
}

serve().catch((err) => {
  console.error('server failed to start', err);
  process.exit(1);
});
