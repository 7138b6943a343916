// target: tokio 1.24
use serde::Deserialize;
use tokio::sync::mpsc;

#[derive(Debug, Deserialize)]
pub struct RemoteUser {
    pub id: u64,
    pub email: String,
    pub active: bool,
}

#[derive(Debug)]
pub enum SyncEvent {
    Updated(u64),
    Deactivated(u64),
}

pub struct DirectorySync {
    client: reqwest::Client,
    api: String,
    events: mpsc::Sender<SyncEvent>,
}

impl DirectorySync {
    pub fn new(api: String, events: mpsc::Sender<SyncEvent>) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Self { client, api, events })
    }

    pub async fn sync_ids(&self, ids: &[u64]) -> anyhow::Result<usize> {
        let mut changed = 0;
        for id in ids {
            let user: RemoteUser = self
                .client
                .get(format!("{}/users/{}", self.api, id))
                .send()
                .await? // expect: await-in-loop
                .error_for_status()?
                .json()
                .await?;
            if !user.active {
                self.events.send(SyncEvent::Deactivated(user.id)); // expect: missing-await
            } else {
                self.events.send(SyncEvent::Updated(user.id)).await?;
            }
            changed += 1;
        }
        Ok(changed)
    }
}
