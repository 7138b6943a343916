async fn thumb(path: &str) -> Vec<u8> {
    path.as_bytes().to_vec()
}

pub async fn thumbs(paths: Vec<String>) -> Vec<Vec<u8>> {
    futures::future::join_all(paths.iter().map(|p| thumb(p))).await // expect: unbounded-concurrency
}
