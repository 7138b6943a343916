use std::time::Duration;

use futures::future::join_all;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct Event {
    pub kind: String,
    pub payload: serde_json::Value,
}

pub struct Subscriber {
    pub url: String,
    pub secret: String,
}

pub struct Dispatcher {
    client: reqwest::Client,
}

impl Dispatcher {
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(8))
            .build()
            .expect("client");
        Self { client }
    }

    async fn deliver(client: reqwest::Client, sub_url: String, secret: String, ev: Event) -> reqwest::Result<()> {
        client
            .post(&sub_url)
            .header("X-Signature", sign(&secret, &ev))
            .json(&ev)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Fan the event out to every subscriber of the tenant (tenants can have
    /// tens of thousands of endpoints).
    pub async fn publish(&self, subs: &[Subscriber], ev: Event) -> usize {
        let sends = subs
            .iter()
            .map(|s| Self::deliver(self.client.clone(), s.url.clone(), s.secret.clone(), ev.clone()));
        let results = join_all(sends).await; // expect: unbounded-concurrency
        results.iter().filter(|r| r.is_ok()).count()
    }

    /// Used by the admin "send test event" button.
    pub fn publish_test(&self, sub: &Subscriber) {
        let ev = Event { kind: "ping".into(), payload: serde_json::json!({}) };
        tokio::spawn(Self::deliver(self.client.clone(), sub.url.clone(), sub.secret.clone(), ev)); // expect: dangling-task
    }
}

fn sign(secret: &str, ev: &Event) -> String {
    let body = serde_json::to_vec(ev).unwrap_or_default();
    format!("{:x}", md5::compute([secret.as_bytes(), &body].concat()))
}
