async fn build_report(day: u32) -> Result<String, String> {
    Ok(format!("day {day}"))
}

async fn upload(body: String) -> Result<(), String> {
    println!("{body}");
    Ok(())
}

pub async fn nightly(day: u32) {
    tokio::spawn(async move { // expect: dangling-task
        let body = build_report(day).await.unwrap();
        let _ = upload(body).await; // expect: swallowed-error
    });
}
