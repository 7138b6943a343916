// target: tokio 1.38
use std::time::Duration;

use tokio::task::JoinSet;

/// Downloads every product image referenced by a catalog import (a catalog
/// has anywhere from ten to fifty thousand products).
pub async fn fetch_images(urls: Vec<String>) -> Vec<Result<bytes::Bytes, reqwest::Error>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut set = JoinSet::new();
    for url in urls {
        let client = client.clone();
        set.spawn(async move { client.get(url).send().await?.error_for_status()?.bytes().await }); // expect: unbounded-concurrency
    }
    set.join_all().await // expect: too-new-api
}
