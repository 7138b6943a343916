use tokio::task::JoinSet;

async fn sync_inventory(store: u32) -> Result<(), String> {
    if store == 0 {
        return Err("no store".into());
    }
    Ok(())
}

pub async fn on_startup() {
    let mut set = JoinSet::new();
    for store in 0..4 {
        set.spawn(sync_inventory(store));
    }
    while let Some(res) = set.join_next().await {
        match res {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("sync failed: {e}"),
            Err(e) => eprintln!("sync panicked: {e}"),
        }
    }
}
