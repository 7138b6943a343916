use std::time::Duration;

async fn heartbeat() {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        println!("alive");
    }
}

#[tokio::main]
pub async fn main() {
    println!("starting");
    tokio::spawn(heartbeat());
    tokio::signal::ctrl_c().await.expect("listen for ctrl-c");
    println!("bye");
}
