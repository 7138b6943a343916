async fn sync_once(shard: u32) {
    println!("synced {shard}");
}

async fn send_report(to: &str) -> Result<(), String> {
    println!("report to {to}");
    Ok(())
}

pub async fn tick(shards: u32) {
    for shard in 0..shards {
        let _ = sync_once(shard).await;
    }
    if let Err(e) = send_report("ops").await {
        eprintln!("report failed: {e}");
    }
}
