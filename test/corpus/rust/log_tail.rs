use std::sync::mpsc;
use std::thread;

pub async fn tail(lines: Vec<String>) {
    let (tx, rx) = mpsc::channel::<String>();
    thread::spawn(move || {
        for l in lines {
            let _ = tx.send(l);
        }
    });
    while let Ok(line) = rx.recv() { // expect: blocking-call-in-async
        println!("{line}");
        tokio::task::yield_now().await;
    }
}
