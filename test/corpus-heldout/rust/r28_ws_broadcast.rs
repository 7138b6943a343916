use std::collections::HashMap;
use std::sync::Arc;

use futures::SinkExt;
use tokio::sync::RwLock;
use tokio_tungstenite::tungstenite::Message;

type Sink = futures::stream::SplitSink<tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>, Message>;

/// Chat room: every connected client's write half, keyed by connection id.
#[derive(Default, Clone)]
pub struct Room {
    clients: Arc<RwLock<HashMap<u64, Arc<tokio::sync::Mutex<Sink>>>>>,
}

impl Room {
    pub async fn join(&self, id: u64, sink: Sink) {
        self.clients.write().await.insert(id, Arc::new(tokio::sync::Mutex::new(sink)));
    }

    pub async fn leave(&self, id: u64) {
        self.clients.write().await.remove(&id);
    }

    /// Sends a chat message to every member of the room.
    pub async fn broadcast(&self, from: u64, text: &str) {
        let targets: Vec<(u64, Arc<tokio::sync::Mutex<Sink>>)> = self
            .clients
            .read()
            .await
            .iter()
            .filter(|(id, _)| **id != from)
            .map(|(id, s)| (*id, s.clone()))
            .collect();
        for (id, sink) in targets {
            let res = sink.lock().await.send(Message::Text(text.to_string())).await; // expect: await-in-loop
            if let Err(e) = res {
                tracing::debug!(id, error = %e, "dropping client");
                self.leave(id).await;
            }
        }
    }
}
