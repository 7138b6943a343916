import { EventEmitter } from 'node:events';
import { Pool } from 'pg';

const pool = new Pool();
const bus = new EventEmitter();

interface QueueStats {
  name: string;
  depth: number;
}

async function collectQueueDepths(): Promise<QueueStats[]> {
  const { rows } = await pool.query<QueueStats>(
    'SELECT queue AS name, count(*)::int AS depth FROM jobs WHERE state = $1 GROUP BY queue',
    ['pending'],
  );
  return rows;
}

async function pushToStatsd(stats: QueueStats[]): Promise<void> {
  const body = stats.map((s) => `queue.${s.name}.depth:${s.depth}|g`).join('\n');
  await fetch('http://statsd-proxy.internal:8125/ingest', {
    method: 'POST',
    body,
    signal: AbortSignal.timeout(2_000),
  });
}

export function startMetricsLoop(intervalMs = 15_000): NodeJS.Timeout {
  return setInterval(async () => { // expect: misused-promise
    const stats = await collectQueueDepths();
    await pushToStatsd(stats);
    bus.emit('metrics', stats);
  }, intervalMs);
}

bus.on('metrics', async (stats: QueueStats[]) => { // expect: misused-promise
  const backlog = stats.filter((s) => s.depth > 1000);
  if (backlog.length > 0) {
    await pool.query('INSERT INTO alerts (kind, payload) VALUES ($1, $2)', [
      'backlog',
      JSON.stringify(backlog),
    ]);
  }
});
