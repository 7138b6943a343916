use std::time::Duration;

pub struct Config {
    pub raw: String,
}

pub async fn reload_loop(path: String) {
    loop {
        let raw = tokio::fs::read_to_string(&path).await.unwrap_or_default();
        let cfg = Config { raw };
        println!("config: {} bytes", cfg.raw.len());
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}
