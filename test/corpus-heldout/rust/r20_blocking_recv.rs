use std::sync::mpsc;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

pub enum Frame {
    Data(Vec<u8>),
    Close,
}

/// Bridges frames produced by a C library callback thread (std channel) into
/// an async TCP writer task.
pub async fn pump(frames: mpsc::Receiver<Frame>, mut out: TcpStream) -> std::io::Result<()> {
    loop {
        let frame = match frames.recv() { // expect: blocking-call-in-async
            Ok(f) => f,
            Err(_) => break,
        };
        match frame {
            Frame::Data(bytes) => {
                out.write_all(&(bytes.len() as u32).to_be_bytes()).await?;
                out.write_all(&bytes).await?;
            }
            Frame::Close => break,
        }
    }
    out.flush(); // expect: missing-await
    out.shutdown().await
}
