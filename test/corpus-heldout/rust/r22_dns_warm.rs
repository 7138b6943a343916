use std::net::SocketAddr;

use tokio::runtime::Handle;

/// Resolves the upstream hosts before the proxy starts taking traffic so the
/// first requests do not pay for DNS.
pub struct Warmer {
    hosts: Vec<String>,
}

impl Warmer {
    pub fn new(hosts: Vec<String>) -> Self {
        Self { hosts }
    }

    async fn resolve(host: String) -> std::io::Result<Vec<SocketAddr>> {
        let addrs = tokio::net::lookup_host(host).await?;
        Ok(addrs.collect())
    }

    pub async fn warm(&self) -> Vec<SocketAddr> {
        let lookups = self.hosts.iter().cloned().map(Self::resolve);
        let results = tokio::task::join_all(lookups).await; // expect: hallucinated-api
        results.into_iter().filter_map(Result::ok).flatten().collect()
    }

    pub async fn first_address(&self) -> Option<SocketAddr> {
        let host = self.hosts.first()?.clone();
        let addrs = Handle::current().block_on(Self::resolve(host)).ok()?; // expect: block-on-in-async
        addrs.into_iter().next()
    }
}
