const got = require('got');
const { Pool } = require('pg');

const pool = new Pool();
const api = got.extend({ prefixUrl: 'https://erp.example.com/api', timeout: { request: 10000 } });

async function getStockLevel(sku) {
  const body = await api.get(`stock/${encodeURIComponent(sku)}`).json();
  return body.available;
}

async function lowStockSkus(threshold) {
  const { rows } = await pool.query('SELECT sku FROM products WHERE tracked = true');
  const levels = await Promise.all(rows.map((r) => getStockLevel(r.sku))); // expect: unbounded-concurrency
  return rows.filter((_, i) => levels[i] < threshold).map((r) => r.sku);
}

async function reorder(sku) {
  const existing = pool.query('SELECT id FROM purchase_orders WHERE sku = $1 AND state = $2', [sku, 'open']);
  if (existing.rowCount > 0) return null; // expect: missing-await
  const { rows } = await pool.query(
    'INSERT INTO purchase_orders (sku, state) VALUES ($1, $2) RETURNING id',
    [sku, 'open'],
  );
  return rows[0].id;
}

async function nightly(threshold = 5) {
  const skus = await lowStockSkus(threshold);
  const created = [];
  for (const sku of skus) {
    const id = await reorder(sku); // expect: await-in-loop
    if (id !== null) created.push(id);
  }
  console.log(`created ${created.length} purchase orders`);
  return created;
}

module.exports = { nightly, reorder, lowStockSkus };
