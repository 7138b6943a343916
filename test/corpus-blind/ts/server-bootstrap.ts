import { readFileSync } from 'node:fs';
import https from 'node:https';
import Koa from 'koa';
import Router from '@koa/router';

// Start-up reads happen once, before the server accepts traffic.
const config = JSON.parse(readFileSync(process.env.APP_CONFIG ?? 'config.json', 'utf8')) as {
  port: number;
  upstream: string;
};
const tls = {
  key: readFileSync(process.env.TLS_KEY ?? 'certs/key.pem'),
  cert: readFileSync(process.env.TLS_CERT ?? 'certs/cert.pem'),
};

const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  const started = performance.now();
  try {
    await next();
  } finally {
    ctx.set('x-response-time', `${(performance.now() - started).toFixed(1)}ms`);
  }
});

router.get('/health', async (ctx) => {
  const res = await fetch(`${config.upstream}/ping`, { signal: AbortSignal.timeout(1_500) });
  ctx.status = res.ok ? 200 : 503;
  ctx.body = { upstream: res.status };
});

app.use(router.routes()).use(router.allowedMethods());

https.createServer(tls, app.callback()).listen(config.port, () => {
  console.log(`listening on ${config.port}`);
});
