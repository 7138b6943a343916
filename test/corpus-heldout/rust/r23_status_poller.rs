// target: tokio 1.25
use std::time::Duration;

use serde::Deserialize;
use tokio::task::AbortHandle;

#[derive(Deserialize, Debug)]
pub struct BuildStatus {
    pub id: u64,
    pub state: String,
}

pub struct Poller {
    client: reqwest::Client,
    base: String,
}

impl Poller {
    pub fn new(base: String) -> Self {
        Self { client: reqwest::Client::new(), base }
    }

    /// Polls the CI server until the build leaves the "running" state; the
    /// returned AbortHandle lets the UI stop watching.
    pub fn watch(&self, build: u64, on_done: tokio::sync::oneshot::Sender<BuildStatus>) -> AbortHandle {
        let client = self.client.clone();
        let url = format!("{}/builds/{}", self.base, build);
        let handle = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                let resp = match client.get(&url).send().await { // expect: missing-timeout
                    Ok(r) => r,
                    Err(e) => {
                        tracing::debug!(error = %e, "poll failed, retrying");
                        continue;
                    }
                };
                if let Ok(status) = resp.json::<BuildStatus>().await {
                    if status.state != "running" {
                        let _ = on_done.send(status);
                        return;
                    }
                }
            }
        });
        handle.abort_handle() // expect: too-new-api
    }
}
