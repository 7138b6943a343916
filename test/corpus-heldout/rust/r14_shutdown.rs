// target: tokio 1.24
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Accept loop with graceful shutdown: every connection task is tracked in a
/// JoinSet and receives a child token; on shutdown we stop accepting, cancel,
/// and give the tasks ten seconds to finish.
pub async fn serve(listener: TcpListener, shutdown: CancellationToken) -> std::io::Result<()> {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => {
                let (socket, peer) = accepted?;
                let token = shutdown.child_token();
                conns.spawn(async move {
                    if let Err(e) = handle(socket, token).await {
                        tracing::warn!(%peer, error = %e, "connection ended with error");
                    }
                });
            }
            Some(done) = conns.join_next(), if !conns.is_empty() => {
                if let Err(e) = done {
                    tracing::error!(error = %e, "connection task panicked");
                }
            }
        }
    }

    let drain = async { while conns.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(10), drain).await.is_err() {
        tracing::warn!("connections still open after 10s, aborting them");
        conns.abort_all();
    }
    Ok(())
}

async fn handle(mut socket: tokio::net::TcpStream, token: CancellationToken) -> std::io::Result<()> {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::select! {
            _ = token.cancelled() => return Ok(()),
            r = tokio::time::timeout(Duration::from_secs(60), socket.read(&mut buf)) => match r {
                Ok(n) => n?,
                Err(_) => return Ok(()),
            },
        };
        if n == 0 {
            return Ok(());
        }
    }
}
