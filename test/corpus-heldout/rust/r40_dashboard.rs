use std::time::Duration;

use serde::Deserialize;
use tokio::sync::oneshot;

#[derive(Deserialize, Default, Debug)]
pub struct Summary {
    pub open_tickets: u32,
    pub sla_breaches: u32,
}

/// Dashboard endpoint: three fixed upstream calls that do not depend on each
/// other run together with `join!`; the avatar request is built first and
/// awaited after the rest (sequential on purpose: it is optional and cheap).
pub async fn dashboard(client: &reqwest::Client, base: &str, user: &str) -> anyhow::Result<(Summary, u64, u64, usize)> {
    let t = Duration::from_secs(5);
    let avatar = client.get(format!("{base}/avatars/{user}")).timeout(t).send();

    let (summary, unread, alerts) = tokio::join!(
        async { client.get(format!("{base}/summary")).timeout(t).send().await?.json::<Summary>().await },
        async { client.get(format!("{base}/inbox/{user}/unread")).timeout(t).send().await?.json::<u64>().await },
        async { client.get(format!("{base}/alerts/count")).timeout(t).send().await?.json::<u64>().await },
    );

    let avatar_len = avatar.await?.bytes().await?.len();
    Ok((summary?, unread?, alerts?, avatar_len))
}

/// Background refresher owned by the server: its handle is kept and awaited on
/// shutdown; the stop signal's send error only means the task already ended.
pub struct Refresher {
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Refresher {
    pub fn start(client: reqwest::Client, base: String) -> Self {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tick.tick() => {
                        if let Err(e) = dashboard(&client, &base, "system").await {
                            tracing::warn!(error = %e, "warmup failed");
                        }
                    }
                }
            }
        });
        Self { stop: Some(stop), task }
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "refresher panicked");
        }
    }
}
