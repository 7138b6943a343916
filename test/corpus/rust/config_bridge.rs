use std::collections::HashMap;

async fn fetch_remote() -> HashMap<String, String> {
    HashMap::new()
}

fn load_settings() -> HashMap<String, String> {
    futures::executor::block_on(fetch_remote()) // expect: block-on-in-async
}

pub async fn handle(key: &str) -> Option<String> {
    let settings = load_settings();
    settings.get(key).cloned()
}
