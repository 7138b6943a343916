use std::sync::Arc;
use tokio::sync::Semaphore;

async fn upload(path: String) -> Result<u64, String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    Ok(path.len() as u64)
}

pub async fn upload_all(files: Vec<String>) -> Result<u64, String> {
    let limit = Arc::new(Semaphore::new(4));
    let mut pending = Vec::new();
    for f in files {
        let permit = limit.clone().acquire_owned().await.map_err(|e| e.to_string())?;
        pending.push(tokio::spawn(async move {
            let sent = upload(f).await;
            drop(permit);
            sent
        }));
    }
    let mut total = 0;
    for p in pending {
        total += p.await.map_err(|e| e.to_string())??;
    }
    Ok(total)
}
