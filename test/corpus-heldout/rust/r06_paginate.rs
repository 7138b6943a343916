use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize)]
struct Page {
    items: Vec<Invoice>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct Invoice {
    pub id: String,
    pub amount_cents: i64,
}

/// Walks a cursor-paginated API. Each request needs the cursor returned by the
/// previous one, so the awaits inside the loop cannot run together.
pub async fn all_invoices(client: &reqwest::Client, base: &str, token: &str) -> reqwest::Result<Vec<Invoice>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = client
            .get(format!("{base}/v1/invoices"))
            .bearer_auth(token)
            .timeout(Duration::from_secs(15))
            .query(&[("limit", "100")]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c.as_str())]);
        }
        let page: Page = req.send().await?.error_for_status()?.json().await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) if !c.is_empty() => cursor = Some(c),
            _ => break,
        }
    }
    Ok(out)
}
