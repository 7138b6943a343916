use std::collections::HashMap;

pub struct Repo {
    rows: tokio::sync::Mutex<HashMap<u64, i64>>,
}

pub struct Cache {
    rows: HashMap<u64, i64>,
}

impl Repo {
    pub async fn save(&self, id: u64, qty: i64) {
        self.rows.lock().await.insert(id, qty);
    }
}

impl Cache {
    pub fn save(&mut self, id: u64, qty: i64) {
        self.rows.insert(id, qty);
    }
}

pub async fn restock(repo: &Repo, cache: &mut Cache, id: u64, qty: i64) {
    cache.save(id, qty);
    repo.save(id, qty).await;
    println!("restocked {id}");
}
