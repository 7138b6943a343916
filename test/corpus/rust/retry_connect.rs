use std::time::Duration;

async fn try_connect(attempt: u32) -> Result<(), String> {
    if attempt < 2 { Err("refused".into()) } else { Ok(()) }
}

pub async fn connect_with_retry() -> Result<(), String> {
    for attempt in 0..5 {
        match try_connect(attempt).await {
            Ok(()) => return Ok(()),
            Err(e) => eprintln!("attempt {attempt}: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
    }
    Err("gave up".into())
}
