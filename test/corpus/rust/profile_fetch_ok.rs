use std::time::Duration;

async fn get_profile(url: &str) -> Result<String, String> {
    Ok(format!("profile at {url}"))
}

/// The provider allows one request per 200 ms: the loop is paced on purpose.
pub async fn load_profiles(ids: &[u64]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for id in ids {
        let url = format!("https://api.example.com/users/{id}");
        let profile = get_profile(&url).await?;
        out.push(profile);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(out)
}
