import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('missing-timeout', {
  valid: [
    { name: 'client with a timeout; connect inside tokio::time::timeout', code: rs`
      use std::time::Duration;
      async fn f(url: &str) -> Result<(), Box<dyn std::error::Error>> {
          let c = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
          c.get(url).send().await?;
          let _s = tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect("a:1")).await??;
          Ok(())
      }` },
  ],
  invalid: [
    { name: 'reqwest::get and a bare connect', code: rs`
      use tokio::net::TcpStream;
      async fn f(url: &str) -> Result<(), Box<dyn std::error::Error>> {
          let _b = reqwest::get(url).await?.text().await?;
          let _s = TcpStream::connect("a:1").await?;
          Ok(())
      }`, lines: [3, 4] },
  ],
});
