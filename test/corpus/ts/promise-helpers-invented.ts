import { randomUUID } from 'node:crypto';

interface Task {
  id: string;
  run: () => Promise<void>;
}

export function makeTask(run: () => Promise<void>): Task {
  return { id: randomUUID(), run };
}

export async function runWithGrace(task: Task, graceMs: number): Promise<void> {
  await task.run();
  await Promise.delay(graceMs); // expect: hallucinated-api
}

/** Runs the setup steps in order: each step relies on what the previous one created. */
export async function runSteps(steps: Task[]): Promise<void> {
  const signal = AbortSignal.withTimeout(30_000); // expect: hallucinated-api
  for (const step of steps) {
    signal.throwIfAborted();
    await step.run();
  }
}
