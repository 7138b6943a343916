async fn write_audit(event: &str) -> std::io::Result<()> {
    tokio::fs::write("audit.log", event.as_bytes()).await
}

pub async fn delete_account(id: u64) -> std::io::Result<()> {
    println!("deleting {id}");
    write_audit("account deleted"); // expect: missing-await
    Ok(())
}
