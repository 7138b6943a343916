use std::io::ErrorKind;

pub async fn cleanup(paths: &[String]) {
    for p in paths {
        match tokio::fs::remove_file(p).await {
            Ok(()) => println!("removed {p}"),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => eprintln!("cannot remove {p}: {e}"),
        }
    }
}
