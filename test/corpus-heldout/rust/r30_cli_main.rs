use std::path::PathBuf;
use std::time::Duration;

/// `fetch-manifest <config>`: a small command-line tool. Reading the config
/// with std::fs happens before any runtime exists, and `block_on` is called
/// from plain synchronous `main`, which is what it is for.
fn main() -> anyhow::Result<()> {
    let path: PathBuf = std::env::args().nth(1).unwrap_or_else(|| "manifest.toml".into()).into();
    let raw = std::fs::read_to_string(&path)?;
    let cfg: toml::Value = toml::from_str(&raw)?;
    let url = cfg
        .get("source")
        .and_then(|v| v.as_str())
        .ok_or_else(|| anyhow::anyhow!("`source` missing in {}", path.display()))?
        .to_string();

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let body = rt.block_on(async {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
        let text = client.get(&url).send().await?.error_for_status()?.text().await?;
        Ok::<_, anyhow::Error>(text)
    })?;

    std::fs::write("manifest.lock", body)?;
    std::thread::sleep(Duration::from_millis(10));
    println!("wrote manifest.lock");
    Ok(())
}
