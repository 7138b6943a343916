use std::time::Duration;

use tokio::sync::mpsc;

pub struct Offset(pub i64);

pub struct Committer {
    pool: sqlx::PgPool,
    consumer_group: String,
}

impl Committer {
    async fn commit(&self, offset: &Offset) -> sqlx::Result<()> {
        sqlx::query("UPDATE consumer_offsets SET position = $1 WHERE group_name = $2")
            .bind(offset.0)
            .bind(&self.consumer_group)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

/// Applies events and commits the offset every 50 events or when the stream
/// goes quiet for a second.
pub async fn run(mut events: mpsc::Receiver<(Offset, serde_json::Value)>, committer: Committer) {
    let mut pending: Option<Offset> = None;
    let mut since_commit = 0;
    loop {
        match events.recv_timeout(Duration::from_secs(1)).await { // expect: hallucinated-api
            Ok(Some((offset, payload))) => {
                apply(&payload);
                pending = Some(offset);
                since_commit += 1;
                if since_commit < 50 {
                    continue;
                }
            }
            Ok(None) => break,
            Err(_) => {}
        }
        if let Some(off) = pending.take() {
            committer.commit(&off).await.ok(); // expect: swallowed-error
            since_commit = 0;
        }
    }
}

fn apply(payload: &serde_json::Value) {
    tracing::trace!(%payload, "applied");
}
