use std::sync::Arc;
use tokio::sync::Semaphore;

async fn thumb(path: String) -> Vec<u8> {
    path.into_bytes()
}

pub async fn thumbs(paths: Vec<String>) -> Vec<Vec<u8>> {
    let limit = Arc::new(Semaphore::new(4));
    let mut handles = Vec::new();
    for p in paths {
        let permit = limit.clone().acquire_owned().await.expect("semaphore closed");
        handles.push(tokio::spawn(async move {
            let out = thumb(p).await;
            drop(permit);
            out
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap_or_default());
    }
    out
}
