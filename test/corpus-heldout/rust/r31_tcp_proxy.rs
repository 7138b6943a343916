// target: tokio 1.32
use std::time::Duration;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// Minimal TCP proxy used in integration environments.
pub async fn run(listen: &str, upstream: String, max_conns: usize) -> std::io::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    let mut conns = JoinSet::new();
    loop {
        // reap finished connections without blocking the accept loop
        while let Some(done) = conns.try_join_next() { // expect: too-new-api
            if let Err(e) = done {
                tracing::warn!(error = %e, "proxy task panicked");
            }
        }
        if conns.len() >= max_conns {
            conns.join_next().await;
            continue;
        }
        let (mut client, peer) = listener.accept().await?;
        let upstream = upstream.clone();
        conns.spawn(async move {
            let mut server = TcpStream::connect(&upstream).await?; // expect: missing-timeout
            server.set_nodelay(true)?;
            let idle = Duration::from_secs(300);
            match tokio::time::timeout(idle, copy_bidirectional(&mut client, &mut server)).await {
                Ok(res) => {
                    let (up, down) = res?;
                    tracing::debug!(%peer, up, down, "connection closed");
                }
                Err(_) => tracing::debug!(%peer, "connection idle, closing"),
            }
            Ok::<_, std::io::Error>(())
        });
    }
}
