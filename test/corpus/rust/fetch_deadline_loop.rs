use std::time::Duration;

async fn fetch(id: u64) -> Result<String, String> {
    Ok(id.to_string())
}

pub async fn fetch_each(ids: &[u64]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        match tokio::time::timeout(Duration::from_secs(2), fetch(*id)).await { // expect: await-in-loop
            Ok(Ok(v)) => out.push(v),
            Ok(Err(e)) => eprintln!("{id}: {e}"),
            Err(_) => eprintln!("{id}: timed out"),
        }
    }
    out
}
