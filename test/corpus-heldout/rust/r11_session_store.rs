// target: tokio 1.24
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

#[derive(Clone, Default)]
pub struct Session {
    pub user_id: u64,
    pub hits: u32,
}

/// Session cache in front of a line-protocol session server.
pub struct SessionStore {
    local: Arc<Mutex<HashMap<String, Session>>>,
    server: String,
}

impl SessionStore {
    pub fn new(server: String) -> Self {
        Self { local: Arc::new(Mutex::new(HashMap::new())), server }
    }

    async fn persist(&self, sid: &str, s: &Session) -> std::io::Result<()> {
        let stream = TcpStream::connect_timeout(&self.server, Duration::from_secs(2)).await?; // expect: hallucinated-api
        let (r, mut w) = stream.into_split();
        w.write_all(format!("SET {} {} {}\n", sid, s.user_id, s.hits).as_bytes()).await?;
        let mut line = String::new();
        BufReader::new(r).read_line(&mut line).await?;
        if line.trim() != "OK" {
            return Err(std::io::Error::new(std::io::ErrorKind::Other, line));
        }
        Ok(())
    }

    /// Called on every request of a session; requests of one session arrive
    /// concurrently (the SPA fires several at once).
    pub async fn touch(&self, sid: &str) -> std::io::Result<u32> {
        let mut session = {
            let map = self.local.lock().await;
            map.get(sid).cloned().unwrap_or_default()
        };
        session.hits += 1;
        self.persist(sid, &session).await?;
        self.local.lock().await.insert(sid.to_string(), session.clone()); // expect: race-condition
        Ok(session.hits)
    }
}
