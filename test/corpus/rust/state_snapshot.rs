pub async fn snapshot(data: &[u8]) {
    tokio::fs::write("snapshot.bin", data).await.ok(); // expect: swallowed-error
    println!("snapshot written");
}
