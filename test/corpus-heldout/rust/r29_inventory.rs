use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub struct AuditLog {
    pool: sqlx::PgPool,
}

impl AuditLog {
    pub async fn record(&self, sku: &str, delta: i64) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO stock_audit (sku, delta) VALUES ($1, $2)")
            .bind(sku)
            .bind(delta)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// In-memory stock level for one hot SKU, reserved by concurrent checkout
/// requests.
pub struct Stock {
    sku: String,
    available: Arc<AtomicI64>,
    audit: AuditLog,
}

impl Stock {
    pub async fn reserve(&self, qty: i64) -> Result<i64, &'static str> {
        let current = self.available.load(Ordering::SeqCst);
        if current < qty {
            return Err("out of stock");
        }
        self.audit.record(&self.sku, -qty); // expect: missing-await
        tokio::task::yield_now().await;
        self.available.store(current - qty, Ordering::SeqCst); // expect: race-condition
        Ok(current - qty)
    }

    pub fn restock(&self, qty: i64) {
        self.available.fetch_add(qty, Ordering::SeqCst);
    }
}
