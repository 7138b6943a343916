import { setTimeout as sleep } from 'node:timers/promises';

export interface ScheduledTask {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

/**
 * Runs each task on its interval, one run at a time per task: the next run is scheduled only after the previous
 * one settled, so a slow run never overlaps itself.
 */
export async function runForever(task: ScheduledTask, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const started = Date.now();
    try {
      await task.run();
    } catch (err) {
      console.error(`task ${task.name} failed`, err);
    }
    const rest = Math.max(0, task.everyMs - (Date.now() - started));
    try {
      await sleep(rest, undefined, { signal });
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }
}

const TASKS: ScheduledTask[] = [
  { name: 'purge-sessions', everyMs: 60_000, run: async () => console.log('purging sessions') },
  { name: 'rotate-logs', everyMs: 3_600_000, run: async () => console.log('rotating logs') },
];

export function startAll(signal: AbortSignal): Promise<void[]> {
  // One long-lived loop per task in the fixed list above.
  return Promise.all(TASKS.map((t) => runForever(t, signal)));
}
