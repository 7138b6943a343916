async fn sync_inventory(store: u32) -> Result<(), String> {
    if store == 0 {
        return Err("no store".into());
    }
    Ok(())
}

pub async fn on_startup(stores: Vec<u32>) {
    for store in stores {
        tokio::spawn(sync_inventory(store)); // expect: dangling-task, unbounded-concurrency
    }
}
