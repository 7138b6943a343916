use std::time::Duration;

pub fn start_heartbeat() {
    tokio::spawn(async {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            println!("alive");
        }
    });
}
