use tokio::task::JoinSet;

async fn crawl(url: String) -> usize {
    println!("crawling {url}");
    url.len()
}

pub async fn crawl_all(urls: Vec<String>) -> usize {
    let mut tasks = JoinSet::new();
    for url in urls.into_iter().take(16) {
        tasks.spawn(crawl(url));
    }
    let mut total = 0;
    while let Some(done) = tasks.join_next().await {
        total += done.unwrap_or(0);
    }
    total
}
