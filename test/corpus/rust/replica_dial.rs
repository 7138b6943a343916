use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

pub async fn ping_primary(addr: &str) -> std::io::Result<()> {
    let mut s = tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(addr)).await??;
    s.write_all(b"PING\r\n").await
}

pub async fn ping_replica(addr: &str) -> std::io::Result<()> {
    let mut s = TcpStream::connect(addr).await?; // expect: missing-timeout
    s.write_all(b"PING\r\n").await
}
