// target: node 18
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from "@aws-sdk/client-sqs";
import { setTimeout as sleep } from "node:timers/promises";

const sqs = new SQSClient({});
const queueUrl = process.env.QUEUE_URL!;

async function handle(body: string): Promise<void> {
  const job = JSON.parse(body) as { url: string };
  await fetch(job.url, { method: "POST", signal: AbortSignal.timeout(10_000) });
}

export async function poll(): Promise<void> {
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
    const groups = Object.groupBy(out.Messages ?? [], (m) => m.MessageAttributes?.tenant?.StringValue ?? "none"); // expect: too-new-api
    for (const msgs of Object.values(groups)) {
      for (const m of msgs ?? []) {
        try {
          await handle(m.Body!);
          sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle })); // expect: floating-promise
        } catch (err) {} // expect: swallowed-error
      }
    }
    await sleep(100);
  }
}
