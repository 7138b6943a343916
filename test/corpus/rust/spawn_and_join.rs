async fn work(i: u32) -> Result<u32, String> {
    Ok(i + 1)
}

pub async fn run() -> Result<u32, String> {
    let a = tokio::spawn(work(1));
    let b = tokio::spawn(work(2));
    let (a, b) = (a.await.map_err(|e| e.to_string())??, b.await.map_err(|e| e.to_string())??);
    Ok(a + b)
}
