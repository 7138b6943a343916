// target: tokio 1.24
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio::time::timeout;

/// Ships log lines to a collector over one shared TCP connection.
/// The connection is guarded by an async mutex so writes from many tasks
/// never interleave inside a line.
#[derive(Clone)]
pub struct LogShipper {
    conn: Arc<Mutex<Option<TcpStream>>>,
    addr: String,
}

impl LogShipper {
    pub fn new(addr: impl Into<String>) -> Self {
        Self {
            conn: Arc::new(Mutex::new(None)),
            addr: addr.into(),
        }
    }

    pub async fn ship(&self, line: &str) -> std::io::Result<()> {
        let mut guard = self.conn.lock().await;
        if guard.is_none() {
            let stream = timeout(Duration::from_secs(5), TcpStream::connect(&self.addr))
                .await
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "connect timed out"))??;
            *guard = Some(stream);
        }
        let stream = guard.as_mut().expect("connected above");
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        let res = timeout(Duration::from_secs(5), stream.write_all(&buf)).await;
        match res {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                // drop the broken connection so the next call reconnects
                *guard = None;
                Err(e)
            }
            Err(_) => {
                *guard = None;
                Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "write timed out"))
            }
        }
    }
}
