use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

async fn run(job: String) {
    println!("running {job}");
}

async fn push_remote(key: &str, v: u64) {
    println!("{key}={v}");
}

pub async fn drain(queue: &Mutex<VecDeque<String>>) {
    while let Some(job) = queue.lock().unwrap().pop_front() { // expect: lock-across-await
        run(job).await;
    }
}

pub async fn publish(cache: &Mutex<HashMap<String, u64>>, key: &str) {
    match cache.lock().unwrap().get(key) { // expect: lock-across-await
        Some(v) => push_remote(key, *v).await,
        None => println!("{key} not cached"),
    }
}

pub async fn publish_ok(cache: &Mutex<HashMap<String, u64>>, key: &str) {
    let v = cache.lock().unwrap().get(key).copied();
    if let Some(v) = v {
        push_remote(key, v).await;
    }
}
