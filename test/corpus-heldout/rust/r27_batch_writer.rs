use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

pub struct Metrics;

impl Metrics {
    pub async fn record_batch(&self, rows: usize, took: Duration) {
        tracing::info!(rows, took_ms = took.as_millis() as u64, "batch flushed");
        tokio::task::yield_now().await;
    }
}

/// Buffers rows and writes them with COPY. The async mutex is held across the
/// write on purpose: the buffer must not be appended to while it is flushed.
pub struct BatchWriter {
    buf: Arc<Mutex<Vec<String>>>,
    client: Arc<tokio_postgres::Client>,
    metrics: Metrics,
}

impl BatchWriter {
    pub async fn push(&self, row: String) -> anyhow::Result<()> {
        let full = {
            let mut buf = self.buf.lock().await;
            buf.push(row);
            buf.len() >= 500
        };
        if full {
            self.flush().await?;
        }
        Ok(())
    }

    pub async fn flush(&self) -> anyhow::Result<()> {
        let mut buf = self.buf.lock().await;
        if buf.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let stmt = self.client.prepare("INSERT INTO events (raw) SELECT unnest($1::text[])").await?;
        tokio::time::timeout(Duration::from_secs(30), self.client.execute(&stmt, &[&*buf])).await??;
        let n = buf.len();
        buf.clear();
        self.metrics.record_batch(n, started.elapsed()); // expect: missing-await
        Ok(())
    }
}
