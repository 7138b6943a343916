use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

#[derive(Clone, Debug)]
pub struct Presence {
    pub status: String,
    pub devices: u32,
    pub last_seen: SystemTime,
}

#[derive(Clone)]
pub struct PresenceService {
    online: Arc<Mutex<HashMap<u64, Presence>>>,
    redis: redis::aio::ConnectionManager,
}

impl PresenceService {
    /// A device of `user` connected. Users often connect phone and laptop at
    /// the same moment.
    pub async fn device_connected(&self, user: u64) -> redis::RedisResult<u32> {
        let existing = self.online.lock().await.get(&user).cloned();
        let mut p = existing.unwrap_or(Presence { status: "online".into(), devices: 0, last_seen: SystemTime::now() });
        p.devices += 1;
        p.last_seen = SystemTime::now();

        let mut conn = self.redis.clone();
        let _: () = tokio::time::timeout(
            Duration::from_secs(2),
            redis::cmd("HSET").arg("presence").arg(user).arg(&p.status).query_async(&mut conn),
        )
        .await
        .map_err(|_| redis::RedisError::from((redis::ErrorKind::IoError, "timeout")))??;

        let devices = p.devices;
        self.online.lock().await.insert(user, p); // expect: race-condition

        let svc = self.clone();
        tokio::spawn(async move { svc.notify_friends(user).await }); // expect: dangling-task
        Ok(devices)
    }

    async fn notify_friends(&self, user: u64) -> redis::RedisResult<()> {
        let mut conn = self.redis.clone();
        redis::cmd("PUBLISH").arg("presence-changes").arg(user).query_async(&mut conn).await
    }
}
