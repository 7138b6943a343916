pub async fn cleanup(paths: &[String]) {
    for p in paths {
        match tokio::fs::remove_file(p).await {
            Ok(()) => println!("removed {p}"),
            Err(_) => {} // expect: swallowed-error
        }
    }
}
