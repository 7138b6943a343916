// target: tokio 1.30
use tokio::sync::mpsc;

#[derive(Debug)]
pub struct OrderEvent {
    pub order_id: i64,
    pub status: String,
}

/// Drains order events in batches of up to 100 and writes them in one
/// transaction per batch.
pub async fn consume(mut rx: mpsc::Receiver<OrderEvent>, pool: sqlx::PgPool) {
    let mut batch = Vec::with_capacity(100);
    loop {
        let n = rx.recv_many(&mut batch, 100).await; // expect: too-new-api
        if n == 0 {
            break;
        }
        match write_batch(&pool, &batch).await {
            Ok(()) => {}
            Err(_) => {} // expect: swallowed-error
        }
        batch.clear();
    }
}

async fn write_batch(pool: &sqlx::PgPool, batch: &[OrderEvent]) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for ev in batch {
        sqlx::query("UPDATE orders SET status = $1 WHERE id = $2")
            .bind(&ev.status)
            .bind(ev.order_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
