use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};

pub async fn drain(mut rx: mpsc::Receiver<String>, mut cfg: watch::Receiver<u32>, mut events: broadcast::Receiver<u64>) -> usize {
    let mut seen = 0;
    loop {
        match tokio::time::timeout(Duration::from_secs(1), rx.recv()).await {
            Ok(Some(msg)) => {
                println!("{msg}");
                seen += 1;
            }
            Ok(None) => break,
            Err(_) => continue, // idle second: poll again
        }
    }
    while let Ok(()) = cfg.changed().await {
        println!("config now {}", *cfg.borrow());
    }
    loop {
        match events.recv().await {
            Ok(ev) => println!("event {ev}"),
            Err(_) => break,
        }
    }
    seen
}

pub fn pending_now(rx: &mut mpsc::Receiver<String>) -> Option<String> {
    match rx.try_recv() {
        Ok(m) => Some(m),
        Err(_) => None,
    }
}
