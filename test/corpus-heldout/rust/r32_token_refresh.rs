use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::RwLock;

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Clone)]
struct Token {
    value: String,
    expires_at: Instant,
}

/// OAuth client-credentials token shared by all outgoing requests. Refresh is
/// single-flight: the write lock (tokio's, so holding it across the await is
/// fine) is taken, the expiry is checked again, and only then is the token
/// endpoint called. Concurrent callers wait for that one refresh.
pub struct TokenSource {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: String,
    current: Arc<RwLock<Option<Token>>>,
}

impl TokenSource {
    pub async fn bearer(&self) -> reqwest::Result<String> {
        if let Some(t) = self.current.read().await.as_ref() {
            if t.expires_at > Instant::now() + Duration::from_secs(30) {
                return Ok(t.value.clone());
            }
        }
        let mut slot = self.current.write().await;
        if let Some(t) = slot.as_ref() {
            if t.expires_at > Instant::now() + Duration::from_secs(30) {
                return Ok(t.value.clone());
            }
        }
        let resp: TokenResponse = self
            .http
            .post(&self.token_url)
            .timeout(Duration::from_secs(10))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", self.client_id.as_str()),
                ("client_secret", self.client_secret.as_str()),
            ])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = Token {
            value: resp.access_token,
            expires_at: Instant::now() + Duration::from_secs(resp.expires_in),
        };
        let value = token.value.clone();
        *slot = Some(token);
        Ok(value)
    }
}
