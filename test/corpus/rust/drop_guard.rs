use std::sync::{Arc, Mutex};

async fn notify(n: usize) {
    println!("{n} queued");
}

pub async fn enqueue(queue: Arc<Mutex<Vec<u32>>>, job: u32) {
    let guard_len;
    let mut q = queue.lock().unwrap();
    q.push(job);
    guard_len = q.len();
    drop(q);
    notify(guard_len).await;
}
