use std::time::Duration;
use tokio::task::JoinHandle;

async fn flush_metrics() {
    println!("metrics flushed");
}

pub async fn run_until_ctrl_c(worker: JoinHandle<()>, scratch: std::path::PathBuf) {
    // A failed signal handler install just means we stop at once.
    let _ = tokio::signal::ctrl_c().await;
    flush_metrics().await;
    // Give the worker five seconds to drain; after that it is dropped with the runtime.
    let _ = tokio::time::timeout(Duration::from_secs(5), worker).await;
    let _ = flush_metrics().await;
    // Best effort: the scratch file may already be gone.
    let _ = tokio::fs::remove_file(&scratch).await;
}
