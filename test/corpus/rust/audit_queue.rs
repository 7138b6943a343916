use std::time::Duration;
use tokio::sync::mpsc;

pub struct Auditor {
    tx: mpsc::Sender<String>,
}

impl Auditor {
    pub async fn record(&self, event: &str) {
        let line = format!("audit: {event}");
        self.tx.send(line); // expect: missing-await
    }
}

pub async fn throttle() {
    tokio::time::sleep(Duration::from_millis(50)); // expect: missing-await
    println!("throttled");
}
