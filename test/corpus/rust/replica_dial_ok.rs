use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

pub async fn ping(addr: &str) -> std::io::Result<()> {
    let connect = TcpStream::connect(addr);
    let mut s = tokio::time::timeout(Duration::from_secs(3), connect).await??;
    s.write_all(b"PING\r\n").await
}
