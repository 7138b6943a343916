type Task = () => Promise<void>;

interface RunnerOptions {
  onIdle?: () => Promise<void>;
  concurrency: number;
}

async function persistState(state: Record<string, number>): Promise<void> {
  const res = await fetch('https://state.internal/runner', {
    method: 'PUT',
    body: JSON.stringify(state),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`persist: ${res.status}`);
}

export class Runner {
  private readonly queue: Task[] = [];
  private running = 0;
  private done = 0;

  constructor(private readonly options: RunnerOptions) {}

  add(task: Task): void {
    this.queue.push(task);
    this.next();
  }

  private next(): void {
    if (this.running >= this.options.concurrency) return;
    const task = this.queue.shift();
    if (!task) {
      persistState({ done: this.done }); // expect: floating-promise
      return;
    }
    this.running += 1;
    task()
      .catch((err: unknown) => console.error('task failed', err))
      .finally(() => {
        this.running -= 1;
        this.done += 1;
        this.next();
      });
  }

  async idle(): Promise<void> {
    await this.options.onIdle?.();
  }
}
