import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'audit-forwarder', brokers: ['kafka:9092'] });
const producer = kafka.producer();

export interface AuditEvent {
  actor: string;
  action: string;
  resource: string;
  at: string;
}

async function publish(event: AuditEvent): Promise<void> {
  await producer.send({
    topic: 'audit',
    messages: [{ key: event.actor, value: JSON.stringify(event) }],
  });
}

async function archive(event: AuditEvent): Promise<void> {
  await fetch('https://archive.internal/audit', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(5_000),
  });
}

export async function start(): Promise<void> {
  await producer.connect();
}

export function recordLogin(actor: string): void {
  const event: AuditEvent = { actor, action: 'login', resource: 'session', at: new Date().toISOString() };
  publish(event); // expect: floating-promise
  archive(event).catch(() => {}); // expect: swallowed-error
}

export async function recordBulk(events: AuditEvent[]): Promise<void> {
  events.map((event) => publish(event)); // expect: floating-promise
  await archive({ actor: 'system', action: 'bulk', resource: `${events.length} events`, at: new Date().toISOString() });
}

process.on('unhandledRejection', () => {}); // expect: swallowed-error
