use std::sync::Arc;
use tokio::sync::Mutex;

pub async fn bump(counter: Arc<Mutex<u32>>) {
    let mut n = counter.blocking_lock(); // expect: blocking-call-in-async
    *n += 1;
}

pub fn bump_from_thread(counter: Arc<Mutex<u32>>) {
    let mut n = counter.blocking_lock();
    *n += 1;
}
