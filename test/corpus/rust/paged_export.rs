async fn page(cursor: u32) -> (Vec<u32>, Option<u32>) {
    if cursor > 3 { (vec![], None) } else { (vec![cursor], Some(cursor + 1)) }
}

pub async fn export_all() -> Vec<u32> {
    let mut rows = Vec::new();
    let mut cursor = Some(0);
    while let Some(c) = cursor {
        let (batch, next) = page(c).await;
        rows.extend(batch);
        cursor = next;
    }
    rows
}
