// target: tokio 1.24
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Deserialize, Clone)]
struct Quote {
    symbol: String,
    price: f64,
}

struct Entry {
    quote: Quote,
    fetched_at: Instant,
}

pub struct PriceCache {
    http: reqwest::Client,
    base_url: String,
    entries: Arc<Mutex<HashMap<String, Entry>>>,
    ttl: Duration,
}

impl PriceCache {
    pub fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base_url: base_url.to_string(),
            entries: Arc::new(Mutex::new(HashMap::new())),
            ttl: Duration::from_secs(30),
        }
    }

    pub async fn quote(&self, symbol: &str) -> anyhow::Result<Quote> {
        let mut entries = self.entries.lock().unwrap(); // expect: lock-across-await
        if let Some(e) = entries.get(symbol) {
            if e.fetched_at.elapsed() < self.ttl {
                return Ok(e.quote.clone());
            }
        }
        let url = format!("{}/quotes/{}", self.base_url, symbol);
        let quote: Quote = self.http.get(&url).send().await?.json().await?; // expect: missing-timeout
        entries.insert(
            symbol.to_string(),
            Entry {
                quote: quote.clone(),
                fetched_at: Instant::now(),
            },
        );
        Ok(quote)
    }
}
