use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const PARALLEL_UPLOADS: usize = 8;

/// Uploads a whole export directory. Every file gets its own task, but a task
/// only starts its upload after taking a permit, so at most eight uploads are
/// in flight; each one has a deadline.
pub async fn upload_all(s3: aws_sdk_s3::Client, bucket: String, files: Vec<PathBuf>) -> anyhow::Result<usize> {
    let permits = Arc::new(Semaphore::new(PARALLEL_UPLOADS));
    let mut set = JoinSet::new();
    for path in files {
        let permit = permits.clone().acquire_owned().await?;
        let s3 = s3.clone();
        let bucket = bucket.clone();
        set.spawn(async move {
            let _permit = permit;
            let key = path.file_name().and_then(|n| n.to_str()).unwrap_or("unnamed").to_string();
            let body = ByteStream::from_path(&path).await?;
            tokio::time::timeout(
                Duration::from_secs(120),
                s3.put_object().bucket(&bucket).key(&key).body(body).send(),
            )
            .await
            .map_err(|_| anyhow::anyhow!("upload of {key} timed out"))??;
            Ok::<_, anyhow::Error>(())
        });
    }
    let mut done = 0;
    while let Some(res) = set.join_next().await {
        res??;
        done += 1;
    }
    Ok(done)
}
