use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

pub async fn serve(mut sock: TcpStream, lines: mpsc::Sender<Vec<u8>>) {
    let mut buf = vec![0u8; 1024];
    loop {
        let n = match sock.read(&mut buf).await {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) => break,
        };
        match lines.send(buf[..n].to_vec()).await {
            Ok(()) => {}
            Err(_) => return,
        }
        if sock.write_all(&buf[..n]).await.is_err() {
            eprintln!("peer went away mid-echo");
            return;
        }
    }
}
