use parking_lot::Mutex;

pub struct Cache {
    entries: Mutex<Vec<(String, String)>>,
}

async fn refresh(key: &str) -> String {
    key.to_uppercase()
}

impl Cache {
    pub async fn get(&self, key: &str) -> String {
        let entries = self.entries.lock(); // expect: lock-across-await
        if let Some((_, v)) = entries.iter().find(|(k, _)| k == key) {
            return v.clone();
        }
        refresh(key).await
    }
}
