async fn sync_account(id: u64) -> Result<(), String> {
    if id == 0 {
        return Err("no such account".into());
    }
    println!("synced {id}");
    Ok(())
}

pub async fn sync_later(id: u64) {
    tokio::spawn(async move { sync_account(id).await }); // expect: dangling-task
}

pub async fn sync_now(id: u64) {
    let handle = tokio::spawn(sync_account(id)); // expect: dangling-task
    println!("started sync of {id}");
}
