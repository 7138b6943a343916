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
                std::thread::sleep(Duration::from_millis(10)); // expect: blocking-call-in-async
                let _ = store(v).await; // expect: swallowed-error
            }
            _ = stop.recv() => break,
        }
    }
}

pub async fn dial(addr: String, mut stop: mpsc::Receiver<()>) -> Option<TcpStream> {
    tokio::select! {
        s = TcpStream::connect(addr) => s.ok(), // expect: missing-timeout
        _ = stop.recv() => None,
    }
}
