import { EventEmitter } from 'node:events';

interface OrderPlaced {
  orderId: string;
  customerEmail: string;
}

async function sendConfirmation(evt: OrderPlaced): Promise<void> {
  const res = await fetch('https://mail.internal/confirmations', {
    method: 'POST',
    body: JSON.stringify(evt),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`confirmation for ${evt.orderId} failed: ${res.status}`);
}

export const bus = new EventEmitter();

// A rejection here is unhandled: EventEmitter ignores the listener's promise.
bus.on('order.placed', async (evt: OrderPlaced) => { // expect: misused-promise
  await sendConfirmation(evt);
});

bus.on('order.cancelled', (evt: OrderPlaced) => {
  sendConfirmation(evt).catch((err) => bus.emit('error', err));
});

bus.on('error', (err: Error) => {
  console.error('event bus error', err);
});
