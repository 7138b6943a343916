use tokio::task::JoinSet;

const MAX_IN_FLIGHT: usize = 8;

async fn resize(path: String) -> Result<(), String> {
    println!("resizing {path}");
    Ok(())
}

pub async fn resize_all(paths: Vec<String>) -> Result<(), String> {
    let mut set = JoinSet::new();
    for path in paths {
        while set.len() >= MAX_IN_FLIGHT {
            if let Some(done) = set.join_next().await {
                done.map_err(|e| e.to_string())??;
            }
        }
        set.spawn(resize(path));
    }
    while let Some(done) = set.join_next().await {
        done.map_err(|e| e.to_string())??;
    }
    Ok(())
}
