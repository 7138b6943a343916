use std::sync::{Arc, Mutex};
use std::time::Duration;

pub async fn flush_forever(buf: Arc<Mutex<Vec<String>>>) {
    loop {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let mut guard = buf.lock().unwrap(); // expect: lock-across-await
        let batch = std::mem::take(&mut *guard);
        send(batch).await;
    }
}

async fn send(lines: Vec<String>) {
    println!("sending {}", lines.len());
}
