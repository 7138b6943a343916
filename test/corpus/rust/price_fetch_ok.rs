use futures::stream::{self, StreamExt};

async fn price_of(sku: String) -> u32 {
    sku.len() as u32 * 100
}

pub async fn prices(skus: Vec<String>) -> Vec<u32> {
    stream::iter(skus).map(price_of).buffered(8).collect().await
}
