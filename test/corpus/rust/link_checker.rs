use futures::stream::{self, FuturesUnordered, StreamExt};

async fn check(url: String) -> bool {
    !url.is_empty()
}

pub async fn check_all(urls: Vec<String>) -> usize {
    let mut ok = 0usize;
    stream::iter(urls.clone())
        .for_each_concurrent(None, |u| async move { // expect: unbounded-concurrency
            println!("{u}: {}", check(u.clone()).await);
        })
        .await;
    let mut pending = FuturesUnordered::new();
    for u in urls {
        pending.push(check(u)); // expect: unbounded-concurrency
    }
    while let Some(up) = pending.next().await {
        if up {
            ok += 1;
        }
    }
    ok
}
