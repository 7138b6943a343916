async fn upload(path: String) -> Result<u64, String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    Ok(path.len() as u64)
}

pub async fn upload_all(files: Vec<String>) {
    let mut pending = Vec::new();
    for f in files {
        pending.push(tokio::spawn(upload(f))); // expect: dangling-task, unbounded-concurrency
    }
    println!("queued {} uploads", pending.len());
}
