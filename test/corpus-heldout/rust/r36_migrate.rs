use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

pub struct Migration {
    pub version: u32,
    pub sql: String,
}

pub struct Migrator {
    pool: sqlx::PgPool,
    registry: Arc<RwLock<BTreeMap<u32, Migration>>>,
}

impl Migrator {
    async fn applied_version(&self) -> sqlx::Result<u32> {
        let (v,): (i32,) = sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(v as u32)
    }

    pub async fn migrate(&self) -> anyhow::Result<u32> {
        let current = tokio::runtime::Runtime::new()?.block_on(self.applied_version())?; // expect: block-on-in-async
        let registry = self.registry.read().unwrap(); // expect: lock-across-await
        let mut last = current;
        for (version, m) in registry.range(current + 1..) {
            let mut tx = self.pool.begin().await?;
            sqlx::query(&m.sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
                .bind(*version as i32)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            last = *version;
        }
        Ok(last)
    }
}
