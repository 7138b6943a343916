use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Per-API-key request counters, flushed to Redis every few seconds.
pub struct RateCounter {
    total: AtomicU64,
    per_key: Mutex<HashMap<String, u64>>,
}

impl RateCounter {
    pub fn new() -> Self {
        Self { total: AtomicU64::new(0), per_key: Mutex::new(HashMap::new()) }
    }

    pub fn hit(&self, key: &str) {
        self.total.fetch_add(1, Ordering::Relaxed);
        *self.per_key.lock().unwrap().entry(key.to_string()).or_insert(0) += 1;
    }

    pub async fn flush(&self, redis: &mut redis::aio::MultiplexedConnection) {
        let per_key = self.per_key.lock().unwrap(); // expect: lock-across-await
        for (key, n) in per_key.iter() {
            let res: redis::RedisResult<()> = redis::cmd("INCRBY")
                .arg(format!("rate:{key}"))
                .arg(*n)
                .query_async(redis)
                .await;
            if res.is_err() {
                continue; // expect: swallowed-error
            }
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }

    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}
