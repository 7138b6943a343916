use std::io::ErrorKind;

async fn push(item: u32) -> Result<(), String> {
    if item == 0 { Err("rejected".into()) } else { Ok(()) }
}

pub async fn push_first(items: &[u32]) -> Option<u32> {
    for item in items {
        match push(*item).await {
            Ok(()) => return Some(*item),
            Err(e) => eprintln!("push of {item} failed: {e}"),
        }
    }
    None
}

pub async fn cleanup(path: &str) -> std::io::Result<()> {
    match tokio::fs::remove_file(path).await {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
