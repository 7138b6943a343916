use std::time::Duration;

async fn index_order(id: u64) {
    tokio::time::sleep(Duration::from_millis(5)).await;
    println!("indexed order {id}");
}

pub async fn on_order_placed(id: u64) -> u64 {
    tokio::spawn(index_order(id)); // expect: dangling-task
    id
}

pub async fn reindex(ids: Vec<u64>) {
    let handles: Vec<_> = ids.iter().map(|id| tokio::spawn(index_order(*id))).collect(); // expect: dangling-task, unbounded-concurrency
    println!("{} reindex tasks", handles.len());
}
