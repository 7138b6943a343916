async fn forward(hop: u32, step: &str) -> Result<u32, String> {
    Ok(hop + step.len() as u32)
}

async fn digest(parent: u64, block: &[u8]) -> u64 {
    parent ^ block.len() as u64
}

pub async fn walk(start: u32, route: &[&str]) -> Result<u32, String> {
    let mut hop = start;
    for step in route {
        hop = forward(hop, step).await?;
    }
    Ok(hop)
}

pub async fn chain(blocks: &[Vec<u8>]) -> u64 {
    let mut parent = 0;
    for block in blocks {
        let h = digest(parent, block).await;
        println!("{h:x}");
        parent = h;
    }
    parent
}
