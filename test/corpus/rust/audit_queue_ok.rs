use std::time::Duration;
use tokio::sync::mpsc;

pub struct Auditor {
    tx: mpsc::Sender<String>,
}

impl Auditor {
    pub async fn record(&self, event: &str) {
        let line = format!("audit: {event}");
        if self.tx.send(line).await.is_err() {
            eprintln!("audit channel closed");
        }
    }
}

pub async fn throttle() {
    tokio::time::sleep(Duration::from_millis(50)).await;
    println!("throttled");
}
