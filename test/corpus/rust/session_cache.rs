use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Sessions {
    inner: Arc<Mutex<HashMap<String, u64>>>,
}

async fn load_user(token: &str) -> u64 {
    token.len() as u64
}

impl Sessions {
    pub async fn user_for(&self, token: &str) -> u64 {
        let mut map = self.inner.lock().unwrap(); // expect: lock-across-await
        if let Some(id) = map.get(token) {
            return *id;
        }
        let id = load_user(token).await;
        map.insert(token.to_string(), id);
        id
    }
}
