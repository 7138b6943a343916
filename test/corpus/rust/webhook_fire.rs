async fn post(url: &str) -> Result<u16, String> {
    if url.is_empty() { Err("empty url".into()) } else { Ok(200) }
}

pub fn fire(url: String) {
    tokio::spawn(async move { // expect: dangling-task
        let status = post(&url).await.unwrap();
        println!("status {status}");
    });
}
