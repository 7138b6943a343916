import { mkdir, writeFile } from 'node:fs/promises';

interface Order {
  id: string;
  total: number;
  archived: boolean;
}

interface Archive {
  store(order: Order): Promise<void>;
  remove(id: string): Promise<void>;
  removeMany(ids: string[]): Promise<void>;
}

async function loadOrders(since: Date): Promise<Order[]> {
  const res = await fetch(`https://orders.internal/orders?since=${since.toISOString()}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`orders: ${res.status}`);
  return (await res.json()) as Order[];
}

function log(message: string): void {
  console.log(new Date().toISOString(), message);
}

export function exportOrders(archive: Archive, dir: string, since: Date): Promise<void> {
  return loadOrders(since)
    .then((orders) => {
      // The chain goes on before these finish; their failures are lost.
      orders.length > 0 ? writeFile(`${dir}/orders.json`, JSON.stringify(orders)) : log('nothing to export'); // expect: broken-promise-chain
      return orders;
    })
    .then((orders) => {
      for (const order of orders) {
        order.archived && archive.remove(order.id); // expect: broken-promise-chain
      }
    });
}

export function prepare(dir: string): Promise<void> {
  return mkdir(dir, { recursive: true }).then(() => {
    log(`exporting to ${dir}`), writeFile(`${dir}/.started`, ''); // expect: broken-promise-chain
  });
}

export function exportOrdersFixed(archive: Archive, dir: string, since: Date): Promise<void> {
  return loadOrders(since)
    .then(async (orders) => {
      if (orders.length > 0) await writeFile(`${dir}/orders.json`, JSON.stringify(orders));
      else log('nothing to export');
      return orders;
    })
    .then((orders) => archive.removeMany(orders.filter((o) => o.archived).map((o) => o.id)));
}
