use tokio::sync::mpsc;

pub async fn tail(lines: Vec<String>) {
    let (tx, mut rx) = mpsc::channel::<String>(64);
    tokio::spawn(async move {
        for l in lines {
            if tx.send(l).await.is_err() {
                break;
            }
        }
    });
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
}
