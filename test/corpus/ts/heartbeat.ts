interface HeartbeatOptions {
  url: string;
  instanceId: string;
  intervalMs: number;
}

async function beat(opts: HeartbeatOptions): Promise<void> {
  const res = await fetch(opts.url, {
    method: 'POST',
    body: JSON.stringify({ instance: opts.instanceId, at: new Date().toISOString() }),
    signal: AbortSignal.timeout(opts.intervalMs / 2),
  });
  if (!res.ok) throw new Error(`heartbeat answered ${res.status}`);
}

export function startHeartbeat(opts: HeartbeatOptions): () => void {
  // expect-next-line: misused-promise
  const timer = setInterval(async () => {
    await beat(opts);
  }, opts.intervalMs);
  return () => clearInterval(timer);
}

export function startHeartbeatFixed(opts: HeartbeatOptions): () => void {
  const timer = setInterval(() => {
    beat(opts).catch((err: unknown) => console.warn('heartbeat failed', err));
  }, opts.intervalMs);
  return () => clearInterval(timer);
}
