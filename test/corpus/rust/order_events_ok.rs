use std::time::Duration;

async fn index_order(id: u64) {
    tokio::time::sleep(Duration::from_millis(5)).await;
    println!("indexed order {id}");
}

pub async fn on_order_placed(id: u64) -> u64 {
    let handle = tokio::spawn(index_order(id));
    if let Err(e) = handle.await {
        eprintln!("indexing order {id} panicked: {e}");
    }
    id
}

pub async fn reindex(ids: Vec<u64>) {
    let handles: Vec<_> = ids.iter().take(8).map(|id| tokio::spawn(index_order(*id))).collect();
    for h in handles {
        if let Err(e) = h.await {
            eprintln!("reindex task panicked: {e}");
        }
    }
}
