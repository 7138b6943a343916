use tokio::task::JoinSet;

async fn crawl(url: String) -> usize {
    println!("crawling {url}");
    url.len()
}

pub async fn crawl_all(urls: Vec<String>) {
    let mut tasks = JoinSet::new(); // expect: dangling-task
    for url in urls.into_iter().take(16) {
        tasks.spawn(crawl(url));
    }
    println!("{} crawls started", tasks.len());
}
