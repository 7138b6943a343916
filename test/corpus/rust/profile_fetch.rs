async fn get_profile(url: &str) -> Result<String, String> {
    Ok(format!("profile at {url}"))
}

pub async fn load_profiles(ids: &[u64]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for id in ids {
        let url = format!("https://api.example.com/users/{id}");
        let profile = get_profile(&url).await?; // expect: await-in-loop
        out.push(profile);
    }
    Ok(out)
}
