async fn push(item: u32) -> Result<(), String> {
    if item == 0 { Err("rejected".into()) } else { Ok(()) }
}

pub async fn push_all(items: &[u32]) -> usize {
    let mut sent = 0;
    for item in items {
        match push(*item).await { // expect: await-in-loop
            Ok(()) => sent += 1,
            Err(_) => continue, // expect: swallowed-error
        }
    }
    push(sent as u32).await.ok(); // expect: swallowed-error
    sent
}
