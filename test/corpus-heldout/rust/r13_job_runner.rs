// target: tokio 1.24
use std::path::PathBuf;

use tokio::sync::watch;
use tokio::task::JoinSet;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Starting,
    Running,
    Draining,
}

/// Runs checksum jobs for a backup set once the service is in `Running`.
pub async fn run_checksums(files: Vec<PathBuf>, mut phase: watch::Receiver<Phase>) -> anyhow::Result<Vec<(PathBuf, u32)>> {
    phase.wait_for(|p| *p == Phase::Running).await?; // expect: too-new-api

    let mut set = JoinSet::new();
    for path in files.into_iter().take(64) {
        set.spawn_blocking(move || { // expect: too-new-api
            let data = std::fs::read(&path)?;
            let crc = crc32fast::hash(&data);
            Ok::<_, std::io::Error>((path, crc))
        });
    }

    let mut out = Vec::new();
    while let Some(joined) = set.join_next().await {
        out.push(joined??);
    }
    Ok(out)
}
