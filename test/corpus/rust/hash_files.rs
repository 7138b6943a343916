use std::io::Read;

fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(1469598103934665603u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(1099511628211))
}

pub async fn hash_file(path: String) -> std::io::Result<u64> {
    let sum = tokio::task::spawn_blocking(move || -> std::io::Result<u64> {
        let mut f = std::fs::File::open(&path)?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)?;
        Ok(digest(&buf))
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(sum)
}
