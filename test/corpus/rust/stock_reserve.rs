use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

async fn warehouse_check(sku: &str) -> u32 {
    sku.len() as u32
}

pub async fn reserve(stock: Arc<Mutex<HashMap<String, u32>>>, sku: String) {
    let known = stock.lock().await.contains_key(&sku);
    if !known {
        let qty = warehouse_check(&sku).await;
        stock.lock().await.insert(sku, qty); // expect: race-condition
    }
}
