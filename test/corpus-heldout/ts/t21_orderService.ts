import { Pool } from "pg";

const pool = new Pool();

export async function reserveStock(sku: string, qty: number): Promise<boolean> {
  const { rows } = await pool.query<{ stock: number }>("SELECT stock FROM inventory WHERE sku = $1", [sku]);
  const stock = rows[0]?.stock ?? 0;
  if (stock < qty) return false;
  await pool.query("UPDATE inventory SET stock = $1 WHERE sku = $2", [stock - qty, sku]); // expect: race-condition
  return true;
}

export function placeOrder(orderId: string, items: { sku: string; qty: number }[]): Promise<void> {
  return pool
    .query("UPDATE orders SET status = 'placed' WHERE id = $1", [orderId])
    .then(() => {
      items.map((i) => reserveStock(i.sku, i.qty)); // expect: broken-promise-chain
    })
    .then(() => undefined);
}

export async function isPaid(orderId: string): Promise<boolean> {
  const paid = pool.query("SELECT 1 FROM payments WHERE order_id = $1", [orderId]).then((r) => r.rowCount! > 0);
  if (paid) { // expect: missing-await
    return true;
  }
  return false;
}
