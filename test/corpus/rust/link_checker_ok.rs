use futures::stream::{self, StreamExt};

async fn check(url: String) -> bool {
    !url.is_empty()
}

pub async fn check_all(urls: Vec<String>) -> usize {
    stream::iter(urls.clone())
        .for_each_concurrent(Some(16), |u| async move {
            println!("{u}: {}", check(u.clone()).await);
        })
        .await;
    stream::iter(urls)
        .map(check)
        .buffer_unordered(16)
        .filter(|up| futures::future::ready(*up))
        .count()
        .await
}
