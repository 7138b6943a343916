use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

#[derive(Default)]
pub struct Counters {
    pub requests: u64,
    pub errors: u64,
}

pub struct StatsdSink {
    socket: tokio::net::UdpSocket,
}

impl StatsdSink {
    pub async fn send(&self, line: String) -> std::io::Result<()> {
        self.socket.send(line.as_bytes()).await.map(|_| ())
    }
}

async fn snapshot(counters: &Arc<Mutex<Counters>>) -> (u64, u64) {
    let mut c = counters.lock().await;
    let out = (c.requests, c.errors);
    *c = Counters::default();
    out
}

pub async fn flush_loop(counters: Arc<Mutex<Counters>>, sink: StatsdSink) {
    loop {
        let (requests, errors) = futures::executor::block_on(snapshot(&counters)); // expect: block-on-in-async
        if let Err(e) = sink.send(format!("api.requests:{requests}|c")).await {
            tracing::warn!(error = %e, "statsd send failed");
        }
        if let Err(e) = sink.send(format!("api.errors:{errors}|c")).await {
            tracing::warn!(error = %e, "statsd send failed");
        }
        std::thread::sleep(Duration::from_secs(10)); // expect: blocking-call-in-async
    }
}
