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
        {
            let map = self.inner.lock().unwrap();
            if let Some(id) = map.get(token) {
                return *id;
            }
        }
        let id = load_user(token).await;
        self.inner.lock().unwrap().entry(token.to_string()).or_insert(id);
        id
    }
}
