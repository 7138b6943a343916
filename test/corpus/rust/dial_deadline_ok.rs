use std::io;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

async fn dial(addr: &str) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

pub async fn send_ping(addr: &str) -> io::Result<()> {
    let mut stream = match tokio::time::timeout(Duration::from_secs(3), dial(addr)).await {
        Ok(s) => s?,
        Err(_) => return Err(io::Error::new(io::ErrorKind::TimedOut, "connect timed out")),
    };
    stream.write_all(b"PING\r\n").await
}

pub async fn probe_all(addrs: Vec<String>) -> Vec<bool> {
    let mut handles = Vec::new();
    for addr in addrs.into_iter().take(8) {
        handles.push(tokio::spawn(async move { TcpStream::connect(addr).await.is_ok() }));
    }
    let mut up = Vec::new();
    for h in handles {
        up.push(matches!(tokio::time::timeout(Duration::from_secs(2), h).await, Ok(Ok(true))));
    }
    up
}
