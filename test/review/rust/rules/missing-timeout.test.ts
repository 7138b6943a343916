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
    { name: 'a connect future kept in a variable and handed to timeout', code: rs`
      use std::time::Duration;
      use tokio::net::TcpStream;
      async fn f() -> Result<(), Box<dyn std::error::Error>> {
          let connect = TcpStream::connect("a:1");
          let _s = tokio::time::timeout(Duration::from_secs(3), connect).await??;
          Ok(())
      }` },
    { name: 'a connect raced against a sleep in select!', code: rs`
      async fn f() {
          tokio::select! {
              s = tokio::net::TcpStream::connect("db:5432") => { drop(s); }
              _ = tokio::time::sleep(std::time::Duration::from_secs(3)) => {}
          }
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
    { name: 'a builder with no timeout; a bare connect beside a guarded one', code: rs`
      use std::time::Duration;
      use tokio::net::TcpStream;
      async fn f() -> Result<(), Box<dyn std::error::Error>> {
          let _c = reqwest::Client::builder().user_agent("x").build()?;
          let _a = tokio::time::timeout(Duration::from_secs(3), TcpStream::connect("a:1")).await??;
          let _b = TcpStream::connect("b:1").await?;
          Ok(())
      }`, lines: [4, 6] },
    { name: 'a connect raced only against a shutdown signal in select!', code: rs`
      async fn f(mut stop: tokio::sync::mpsc::Receiver<()>) {
          tokio::select! {
              s = tokio::net::TcpStream::connect("db:5432") => { drop(s); }
              _ = stop.recv() => {}
          }
      }`, lines: [3] },
  ],
});
