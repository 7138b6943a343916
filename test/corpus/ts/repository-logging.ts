import pg from 'pg';

export interface Order {
  id: string;
  status: string;
}

export class OrderRepository {
  constructor(private readonly pool: pg.Pool) {}

  async findById(id: string): Promise<Order | undefined> {
    try {
      const { rows } = await this.pool.query<Order>('SELECT id, status FROM orders WHERE id = $1', [id]);
      return rows[0];
    } catch (err) {
      console.error(`order lookup ${id} failed`, err);
      throw err;
    }
  }

  updateStatus(id: string, status: string): Promise<void> {
    return this.pool
      .query('UPDATE orders SET status = $1 WHERE id = $2', [status, id])
      .then(() => undefined)
      .catch((err: unknown) => {
        throw new Error(`could not update order ${id}`, { cause: err });
      });
  }
}
