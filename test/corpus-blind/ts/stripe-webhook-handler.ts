import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const router = express.Router();

interface StripeEvent {
  id: string;
  type: string;
  data: { object: { customer: string; amount_paid?: number } };
}

async function recordPayment(customerId: string, amount: number): Promise<void> {
  await pool.query('INSERT INTO payments (customer_id, amount) VALUES ($1, $2)', [customerId, amount]);
}

async function sendReceipt(customerId: string): Promise<void> {
  const { rows } = await pool.query('SELECT email FROM customers WHERE id = $1', [customerId]);
  if (rows.length === 0) return;
  console.log(`queue receipt for ${rows[0].email}`);
}

async function markProcessed(eventId: string): Promise<boolean> {
  const res = await pool.query(
    'INSERT INTO webhook_events (id) VALUES ($1) ON CONFLICT DO NOTHING',
    [eventId],
  );
  return res.rowCount === 1;
}

router.post('/webhooks/stripe', express.json(), async (req, res, next) => {
  try {
    const event = req.body as StripeEvent;
    const fresh = await markProcessed(event.id);
    if (!fresh) {
      res.status(200).json({ duplicate: true });
      return;
    }
    if (event.type === 'invoice.paid') {
      const invoice = event.data.object;
      await recordPayment(invoice.customer, invoice.amount_paid ?? 0);
      sendReceipt(invoice.customer); // expect: floating-promise
    }
    res.status(200).json({ received: true });
  } catch (err) {
    next(err);
  }
});

router.post('/webhooks/stripe/replay', express.json(), async (req, res) => {
  const ids: string[] = req.body.ids ?? [];
  let replayed = 0;
  for (const id of ids) {
    try {
      await pool.query('DELETE FROM webhook_events WHERE id = $1', [id]);
      replayed++;
    } catch { // expect: swallowed-error
    }
  }
  res.json({ replayed });
});

export default router;
