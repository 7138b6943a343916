use std::collections::HashSet;
use std::time::Duration;

use futures::stream::{self, StreamExt};

const MAX_IN_FLIGHT: usize = 16;

pub struct Crawler {
    client: reqwest::Client,
}

impl Crawler {
    pub fn new() -> reqwest::Result<Self> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(20))
            .user_agent("site-audit/0.3")
            .build()?;
        Ok(Self { client })
    }

    /// Fetches every URL with at most MAX_IN_FLIGHT requests open at once and
    /// returns the ones that did not answer 2xx.
    pub async fn broken_links(&self, urls: Vec<String>) -> HashSet<String> {
        let client = &self.client;
        stream::iter(urls)
            .map(|url| async move {
                let ok = match client.head(&url).send().await {
                    Ok(resp) => resp.status().is_success(),
                    Err(e) => {
                        tracing::debug!(%url, error = %e, "head failed");
                        false
                    }
                };
                (url, ok)
            })
            .buffer_unordered(MAX_IN_FLIGHT)
            .filter_map(|(url, ok)| async move { if ok { None } else { Some(url) } })
            .collect()
            .await
    }
}
