async fn run() -> Result<(), String> {
    println!("running");
    Ok(())
}

pub fn main_like() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    if let Err(e) = rt.block_on(run()) {
        eprintln!("failed: {e}");
    }
}
