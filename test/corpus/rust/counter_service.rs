use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Counter {
    hits: Arc<Mutex<u64>>,
}

async fn persist(n: u64) {
    println!("persisted {n}");
}

impl Counter {
    pub async fn hit(&self) {
        let mut hits = self.hits.lock().await;
        *hits += 1;
        persist(*hits).await;
    }
}
