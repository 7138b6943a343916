use std::sync::{Arc, Mutex};

async fn persist(n: usize) -> Result<(), String> {
    println!("persist {n}");
    Ok(())
}

pub async fn record(log: Arc<Mutex<Vec<String>>>, line: String) -> Result<(), String> {
    let mut entries = match log.lock() { // expect: lock-across-await
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    entries.push(line);
    persist(entries.len()).await?;
    Ok(())
}
