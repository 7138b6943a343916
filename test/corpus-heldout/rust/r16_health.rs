use std::time::{Duration, Instant};

use tokio::net::TcpStream;

#[derive(Debug)]
pub struct Probe {
    pub host: String,
    pub up: bool,
    pub latency: Option<Duration>,
}

/// Checks every backend of the pool before the load balancer config is
/// rendered. The pool has 40-200 backends.
pub async fn probe_all(backends: &[String]) -> Vec<Probe> {
    let mut out = Vec::with_capacity(backends.len());
    for host in backends {
        out.push(probe(host).await); // expect: await-in-loop
    }
    out
}

async fn probe(host: &str) -> Probe {
    let started = Instant::now();
    match TcpStream::connect(host).await { // expect: missing-timeout
        Ok(stream) => {
            drop(stream);
            Probe { host: host.to_string(), up: true, latency: Some(started.elapsed()) }
        }
        Err(e) => {
            tracing::info!(%host, error = %e, "backend down");
            Probe { host: host.to_string(), up: false, latency: None }
        }
    }
}
