use futures::stream::{self, StreamExt};
use tokio::io::AsyncWriteExt;

async fn load(key: String) -> usize {
    tokio::task::yield_now().await;
    key.len()
}

pub async fn warm(keys: Vec<String>) -> Vec<usize> {
    stream::iter(keys).map(load).buffer_unordered(8).collect().await
}

pub async fn append_log(line: &str) -> std::io::Result<()> {
    let mut f = tokio::fs::OpenOptions::new().append(true).create(true).open("app.log").await?;
    f.write_all(line.as_bytes()).await?;
    Ok(())
}

pub async fn drain(mut rx: tokio::sync::mpsc::Receiver<String>) {
    while let Some(msg) = rx.recv().await {
        load(msg).await;
    }
}
