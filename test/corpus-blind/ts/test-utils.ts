import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export function nextTick(): Promise<void> {
  return new Promise((resolve) => process.nextTick(resolve));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // Polling: each probe must see the state left by the previous wait.
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(stepMs);
  }
  throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
}

export async function startServer(script: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 60_000,
  });
  await waitFor(async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) });
      return res.ok ? true : undefined;
    } catch (err) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`, { cause: err });
      return undefined; // not listening yet: keep polling
    }
  });
  return child;
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  await once(child, 'close');
}
