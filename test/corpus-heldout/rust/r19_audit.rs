use std::time::Duration;

use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct AuditRecord {
    pub actor: String,
    pub action: String,
    pub target: String,
}

#[derive(Clone)]
pub struct AuditClient {
    http: reqwest::Client,
    endpoint: String,
}

impl AuditClient {
    pub fn new(endpoint: String) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(3))
            .build()
            .expect("static client config");
        Self { http, endpoint }
    }

    /// Best-effort audit trail: the request must not wait for the audit
    /// service, so the write is detached on purpose. Failures are counted and
    /// logged inside the task; nothing else depends on its completion.
    pub fn record_detached(&self, rec: AuditRecord) {
        let this = self.clone();
        tokio::spawn(async move {
            let res = this.http.post(&this.endpoint).json(&rec).send().await.and_then(|r| r.error_for_status());
            if let Err(e) = res {
                metrics::increment_counter!("audit_write_failures");
                tracing::warn!(actor = %rec.actor, action = %rec.action, error = %e, "audit write failed");
            }
        });
    }
}
