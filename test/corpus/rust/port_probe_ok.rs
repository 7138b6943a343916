use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::timeout;

pub async fn probe(addr: &str) -> bool {
    match timeout(Duration::from_secs(2), TcpStream::connect(addr)).await {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => {
            eprintln!("probe {addr}: {e}");
            false
        }
        Err(_) => {
            eprintln!("probe {addr}: timed out");
            false
        }
    }
}
