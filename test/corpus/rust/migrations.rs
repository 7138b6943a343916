async fn apply(step: &str) -> Result<(), String> {
    println!("applying {step}");
    Ok(())
}

pub async fn migrate(steps: &[&str]) -> Result<(), String> {
    for step in steps {
        apply(step).await?;
    }
    Ok(())
}
