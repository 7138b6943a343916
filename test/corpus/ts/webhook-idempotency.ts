import express from 'express';

interface PaymentEvent {
  id: string;
  type: string;
  amount: number;
}

const seen = new Set<string>();

async function applyPayment(evt: PaymentEvent): Promise<void> {
  const res = await fetch('https://ledger.internal/payments', {
    method: 'POST',
    body: JSON.stringify(evt),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`ledger answered ${res.status}`);
}

export const webhooks = express.Router();

webhooks.post('/payments', (req, res, next) => {
  const evt = req.body as PaymentEvent;
  if (seen.has(evt.id)) {
    res.status(200).json({ duplicate: true });
    return;
  }
  // Claim the id before the await so a concurrent retry of the same event is a duplicate.
  seen.add(evt.id);
  applyPayment(evt)
    .then(() => res.status(200).json({ ok: true }))
    .catch((err: unknown) => {
      seen.delete(evt.id);
      next(err);
    });
});
