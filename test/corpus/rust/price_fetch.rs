async fn price_of(sku: &str) -> u32 {
    sku.len() as u32 * 100
}

pub async fn prices(skus: &[String]) -> Vec<u32> {
    let mut out = Vec::with_capacity(skus.len());
    for sku in skus {
        out.push(price_of(sku).await); // expect: await-in-loop
    }
    out
}
