use std::time::Duration;

pub struct Config {
    pub raw: String,
}

pub async fn reload_loop(path: String) {
    loop {
        let raw = std::fs::read_to_string(&path).unwrap_or_default(); // expect: blocking-call-in-async
        let cfg = Config { raw };
        println!("config: {} bytes", cfg.raw.len());
        std::thread::sleep(Duration::from_secs(30)); // expect: blocking-call-in-async
    }
}
