use std::collections::HashMap;
use std::sync::{Arc, Mutex};

async fn audit(user: &str, amount: u64) {
    println!("{user} -{amount}");
}

async fn load_avatar(user: &str) -> Vec<u8> {
    user.as_bytes().to_vec()
}

pub async fn withdraw(balance: Arc<tokio::sync::Mutex<u64>>, user: &str, amount: u64) -> bool {
    let current = *balance.lock().await;
    if current < amount {
        return false;
    }
    audit(user, amount).await;
    *balance.lock().await = current - amount; // expect: race-condition
    true
}

pub async fn avatar(cache: Arc<Mutex<HashMap<String, Vec<u8>>>>, user: &str) -> Vec<u8> {
    let hit = cache.lock().unwrap().get(user).cloned();
    if let Some(bytes) = hit {
        return bytes;
    }
    let bytes = load_avatar(user).await;
    cache.lock().unwrap().insert(user.to_string(), bytes.clone()); // expect: race-condition
    bytes
}
