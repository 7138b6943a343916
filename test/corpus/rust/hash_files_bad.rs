use std::fs::File;
use std::io::Read;

fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(1469598103934665603u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(1099511628211))
}

pub async fn hash_file(path: String) -> std::io::Result<u64> {
    let mut f = File::open(&path)?; // expect: blocking-call-in-async
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)?; // expect: blocking-call-in-async
    Ok(digest(&buf))
}
