use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::mpsc;

async fn store(v: u32) -> Result<(), String> {
    if v == 0 { Err("zero".into()) } else { Ok(()) }
}

pub async fn pump(mut rx: mpsc::Receiver<u32>, mut stop: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                if let Err(e) = store(v).await {
                    eprintln!("storing {v} failed: {e}");
                }
            }
            _ = stop.recv() => break,
        }
    }
}

pub async fn dial(addr: String) -> Option<TcpStream> {
    tokio::select! {
        s = TcpStream::connect(addr) => s.ok(),
        _ = tokio::time::sleep(Duration::from_secs(5)) => None,
    }
}
