use futures::future::join_all;

async fn fetch(id: u64) -> Option<String> {
    Some(id.to_string())
}

pub async fn fetch_all(ids: &[u64]) -> Vec<Option<String>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(16) {
        let batch = join_all(chunk.iter().map(|id| fetch(*id))).await;
        out.extend(batch);
    }
    out
}
