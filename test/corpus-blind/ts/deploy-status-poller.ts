import { setTimeout as delay } from 'node:timers/promises';

type DeployState = 'queued' | 'building' | 'deploying' | 'live' | 'failed';

interface DeployStatus {
  id: string;
  state: DeployState;
  url?: string;
}

async function getStatus(apiBase: string, deployId: string, signal: AbortSignal): Promise<DeployStatus> {
  const res = await fetch(`${apiBase}/deploys/${deployId}`, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]),
  });
  if (!res.ok) throw new Error(`status request failed with ${res.status}`);
  return (await res.json()) as DeployStatus;
}

export async function waitUntilLive(apiBase: string, deployId: string, maxWaitMs = 10 * 60_000): Promise<string> {
  const overall = AbortSignal.timeout(maxWaitMs);
  let interval = 2_000;
  while (true) {
    const status = await getStatus(apiBase, deployId, overall);
    if (status.state === 'live') return status.url ?? apiBase;
    if (status.state === 'failed') throw new Error(`deploy ${deployId} failed`);
    await delay(interval, undefined, { signal: overall });
    interval = Math.min(interval * 1.5, 15_000);
  }
}
