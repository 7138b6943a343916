use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::sync::Semaphore;

#[derive(Default)]
struct LeaseState {
    holder: Option<String>,
    renewals: u64,
}

pub struct LeaderElection {
    node: String,
    state: Arc<Mutex<LeaseState>>,
    etcd: etcd_client::Client,
    renew_slots: Arc<Semaphore>,
}

impl LeaderElection {
    pub async fn renew(&mut self, lease_id: i64) -> anyhow::Result<()> {
        let _slot = self
            .renew_slots
            .acquire_timeout(Duration::from_secs(1)) // expect: hallucinated-api
            .await?;
        let mut state = self.state.lock(); // expect: lock-across-await
        self.etcd.lease_keep_alive(lease_id).await?;
        state.holder = Some(self.node.clone());
        state.renewals += 1;
        Ok(())
    }

    pub fn is_leader(&self) -> bool {
        self.state.lock().holder.as_deref() == Some(self.node.as_str())
    }
}
