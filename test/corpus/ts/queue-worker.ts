import { setTimeout as sleep } from 'node:timers/promises';

interface QueueMessage {
  id: string;
  receipt: string;
  body: string;
}

interface QueueClient {
  receive(max: number, waitSeconds: number): Promise<QueueMessage[]>;
  delete(receipt: string): Promise<void>;
}

async function handle(msg: QueueMessage): Promise<void> {
  const job = JSON.parse(msg.body) as { kind: string };
  console.log(`handling ${job.kind} from ${msg.id}`);
}

/** Long-polls the queue; each receive waits for the previous batch, which is how the queue paces us. */
export async function runWorker(queue: QueueClient, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    let messages: QueueMessage[];
    try {
      messages = await queue.receive(10, 20);
    } catch (err) {
      console.error('receive failed, backing off', err);
      await sleep(5_000);
      continue;
    }
    // A batch holds at most 10 messages (the receive limit): a bounded fan-out.
    await Promise.all(
      messages.map(async (msg) => {
        await handle(msg);
        await queue.delete(msg.receipt);
      }),
    );
  }
}
