use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Feature-flag client. Flags live in a std Mutex because reads are tiny and
/// never wait on anything; every guard is dropped before the next await.
#[derive(Clone)]
pub struct Flags {
    inner: Arc<Mutex<HashMap<String, bool>>>,
    http: reqwest::Client,
    url: String,
}

impl Flags {
    pub fn new(url: String) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
        Ok(Self { inner: Arc::new(Mutex::new(HashMap::new())), http, url })
    }

    pub fn enabled(&self, name: &str) -> bool {
        self.inner.lock().unwrap().get(name).copied().unwrap_or(false)
    }

    pub async fn refresh(&self) -> reqwest::Result<usize> {
        let etag = {
            let map = self.inner.lock().unwrap();
            map.len().to_string()
        };
        let fresh: HashMap<String, bool> = self
            .http
            .get(&self.url)
            .header("If-None-Match", etag)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let n = fresh.len();
        *self.inner.lock().unwrap() = fresh;
        Ok(n)
    }

    pub async fn refresh_forever(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(e) = self.refresh().await {
                tracing::warn!(error = %e, "flag refresh failed, keeping previous flags");
            }
        }
    }
}
