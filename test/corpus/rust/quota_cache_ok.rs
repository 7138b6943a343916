use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

async fn lookup_quota(user: &str) -> u64 {
    user.len() as u64 * 100
}

async fn audit(line: String) {
    println!("{line}");
}

pub async fn quota(cache: Arc<Mutex<HashMap<String, u64>>>, user: String) -> u64 {
    if let Some(q) = cache.lock().await.get(&user) {
        return *q;
    }
    let q = lookup_quota(&user).await;
    *cache.lock().await.entry(user).or_insert(q)
}

pub async fn enqueue(queue: Arc<Mutex<Vec<String>>>, job: String) {
    let depth = queue.lock().await.len();
    audit(format!("queue depth {depth}")).await;
    queue.lock().await.push(job);
}
