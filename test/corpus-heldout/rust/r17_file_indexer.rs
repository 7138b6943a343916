use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::Mutex;

#[derive(Default)]
pub struct Index {
    pub words: std::collections::HashMap<String, Vec<PathBuf>>,
}

/// Indexes every text file under `root` (a user's mailbox export: often
/// hundreds of thousands of files).
pub async fn index_dir(root: &Path) -> anyhow::Result<Index> {
    let index = Arc::new(Mutex::new(Index::default()));
    let mut handles = Vec::new();
    for entry in std::fs::read_dir(root)? { // expect: blocking-call-in-async
        let path = entry?.path();
        if path.extension().map_or(true, |e| e != "txt") {
            continue;
        }
        let index = index.clone();
        handles.push(tokio::spawn(async move { // expect: unbounded-concurrency
            let text = tokio::fs::read_to_string(&path).await?;
            let mut idx = index.lock().await;
            for word in text.split_whitespace() {
                idx.words.entry(word.to_lowercase()).or_default().push(path.clone());
            }
            Ok::<_, std::io::Error>(())
        }));
    }
    for h in handles {
        h.await??;
    }
    let index = Arc::try_unwrap(index).map_err(|_| anyhow::anyhow!("index still shared"))?;
    Ok(index.into_inner())
}
