async fn fetch_rate(currency: &str) -> f64 {
    if currency == "EUR" { 1.1 } else { 1.0 }
}

pub fn rate_sync(currency: &str) -> f64 {
    futures::executor::block_on(fetch_rate(currency))
}

pub async fn convert(amount: f64, currency: &str) -> f64 {
    let rate = futures::executor::block_on(fetch_rate(currency)); // expect: block-on-in-async
    amount * rate
}
