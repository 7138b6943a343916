use std::path::PathBuf;

use serde::Deserialize;
use tracing::info;

#[derive(Debug, Default, Deserialize)]
pub struct Settings {
    pub listen: String,
    pub database_url: String,
    pub max_connections: u32,
    #[serde(default)]
    pub feature_flags: Vec<String>,
}

pub struct ConfigLoader {
    dir: PathBuf,
}

impl ConfigLoader {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Called from the axum handler that serves `/admin/reload`.
    pub async fn reload(&self, profile: &str) -> anyhow::Result<Settings> {
        let path = self.dir.join(format!("{profile}.toml"));
        let raw = std::fs::read_to_string(&path)?; // expect: blocking-call-in-async
        let settings: Settings = toml::from_str(&raw).unwrap_or_default(); // expect: swallowed-error
        info!(?path, listen = %settings.listen, "configuration reloaded");
        Ok(settings)
    }

    pub async fn profiles(&self) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        let mut rd = tokio::fs::read_dir(&self.dir).await?;
        while let Some(entry) = rd.next_entry().await? {
            if let Some(name) = entry.file_name().to_str() {
                if let Some(stem) = name.strip_suffix(".toml") {
                    out.push(stem.to_string());
                }
            }
        }
        out.sort();
        Ok(out)
    }
}
