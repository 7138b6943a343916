use std::io::Write;

async fn load(key: String) -> usize {
    tokio::task::yield_now().await;
    key.len()
}

pub async fn warm(keys: Vec<String>) -> Vec<usize> {
    let futs: Vec<_> = keys.iter().map(|k| load(k.clone())).collect();
    futures::future::join_all(futs).await // expect: unbounded-concurrency
}

pub async fn append_log(line: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().append(true).create(true).open("app.log")?; // expect: blocking-call-in-async
    f.write_all(line.as_bytes())?; // expect: blocking-call-in-async
    load(line.to_string()).await;
    Ok(())
}

pub async fn drain(rx: std::sync::mpsc::Receiver<String>) {
    for msg in rx { // expect: blocking-call-in-async
        load(msg).await;
    }
}
