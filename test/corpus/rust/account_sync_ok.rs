async fn sync_account(id: u64) -> Result<(), String> {
    if id == 0 {
        return Err("no such account".into());
    }
    println!("synced {id}");
    Ok(())
}

pub async fn sync_later(id: u64) {
    tokio::spawn(async move {
        if let Err(e) = sync_account(id).await {
            eprintln!("sync of {id} failed: {e}");
        }
    });
}

pub async fn sync_now(id: u64) -> Result<(), String> {
    let handle = tokio::spawn(sync_account(id));
    println!("started sync of {id}");
    handle.await.map_err(|e| e.to_string())?
}
