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
    { name: 'a dial fn whose every call is under a timeout; a spawned connect whose handle is awaited under one', code: rs`
      use std::time::Duration;
      use tokio::net::TcpStream;
      async fn dial(addr: &str) -> std::io::Result<TcpStream> {
          let s = TcpStream::connect(addr).await?;
          Ok(s)
      }
      async fn f(addrs: Vec<String>) -> bool {
          let _a = tokio::time::timeout(Duration::from_secs(3), dial("a:1")).await;
          let h = tokio::spawn(async move { TcpStream::connect("b:1").await.is_ok() });
          let _b = tokio::time::timeout(Duration::from_secs(3), h).await;
          let mut handles = Vec::new();
          for a in addrs {
              handles.push(tokio::spawn(async move { TcpStream::connect(a).await.is_ok() }));
          }
          let mut up = true;
          for h in handles {
              up &= matches!(tokio::time::timeout(Duration::from_secs(2), h).await, Ok(Ok(true)));
          }
          up
      }` },
    { name: 'a connect raced against a timer held in a pinned variable', code: rs`
      async fn f() {
          let give_up = tokio::time::sleep(std::time::Duration::from_secs(3));
          tokio::pin!(give_up);
          tokio::select! {
              s = tokio::net::TcpStream::connect("db:5432") => { drop(s); }
              _ = &mut give_up => {}
          }
      }` },
    { name: 'a connect to the listener this code bound; a Unix socket connect', code: rs`
      use tokio::net::{TcpListener, TcpStream, UnixStream};
      async fn f() -> std::io::Result<()> {
          let listener = TcpListener::bind("127.0.0.1:0").await?;
          let addr = listener.local_addr()?;
          let _a = TcpStream::connect(addr).await?;
          let _b = TcpStream::connect(listener.local_addr()?).await?;
          let _c = UnixStream::connect("/run/app.sock").await?;
          Ok(())
      }` },
    { name: 'a connect handed to a helper of this file that bounds it', code: rs`
      use std::future::Future;
      use std::time::Duration;
      async fn within<F: Future>(f: F) -> Option<F::Output> {
          tokio::time::timeout(Duration::from_secs(3), f).await.ok()
      }
      async fn dial(addr: &str) -> std::io::Result<tokio::net::TcpStream> {
          tokio::net::TcpStream::connect(addr).await
      }
      async fn f() -> bool {
          within(dial("a:1")).await.is_some()
      }` },
  ],
  invalid: [
    { name: 'a dial fn called once under a timeout and once bare; a spawned connect whose handle is awaited bare', code: rs`
      use std::time::Duration;
      use tokio::net::TcpStream;
      async fn dial(addr: &str) -> std::io::Result<TcpStream> {
          TcpStream::connect(addr).await
      }
      async fn f() {
          let _a = tokio::time::timeout(Duration::from_secs(3), dial("a:1")).await;
          let _b = dial("b:1").await;
          let h = tokio::spawn(async move { TcpStream::connect("c:1").await.is_ok() });
          let _c = h.await;
      }`, lines: [4, 9] },
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
