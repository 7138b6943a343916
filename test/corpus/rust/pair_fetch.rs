async fn profile(id: u32) -> String {
    format!("p{id}")
}

async fn orders(id: u32) -> Vec<u32> {
    vec![id]
}

pub async fn dashboard(id: u32) -> (String, Vec<u32>) {
    futures::join!(profile(id), orders(id))
}
