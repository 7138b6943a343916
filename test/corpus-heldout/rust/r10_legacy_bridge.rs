use std::sync::Arc;

use tokio::runtime::Handle;

/// A plugin interface from an older crate: synchronous, cannot be changed.
pub trait RowSink: Send + 'static {
    fn write_row(&mut self, row: &[String]) -> Result<(), String>;
}

pub struct AsyncStore {
    pub pool: Arc<sqlx::PgPool>,
}

/// Adapts the async store to the sync trait. It is only ever driven from
/// `spawn_blocking`, so blocking this thread on the runtime is allowed.
pub struct StoreSink {
    store: Arc<AsyncStore>,
    handle: Handle,
}

impl RowSink for StoreSink {
    fn write_row(&mut self, row: &[String]) -> Result<(), String> {
        let pool = self.store.pool.clone();
        let values = row.join(",");
        self.handle
            .block_on(async move {
                sqlx::query("INSERT INTO imported (raw) VALUES ($1)")
                    .bind(values)
                    .execute(&*pool)
                    .await
            })
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

pub async fn import_csv(store: Arc<AsyncStore>, path: std::path::PathBuf) -> Result<usize, String> {
    let handle = Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut sink = StoreSink { store, handle };
        let mut reader = csv::Reader::from_path(&path).map_err(|e| e.to_string())?;
        let mut n = 0;
        for rec in reader.records() {
            let rec = rec.map_err(|e| e.to_string())?;
            let row: Vec<String> = rec.iter().map(str::to_owned).collect();
            sink.write_row(&row)?;
            n += 1;
        }
        Ok(n)
    })
    .await
    .map_err(|e| e.to_string())?
}
