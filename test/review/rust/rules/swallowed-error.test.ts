import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('swallowed-error', {
  valid: [
    { name: 'logged, returned, deliberate send result', code: rs`
      async fn f(tx: tokio::sync::mpsc::Sender<u8>) -> std::io::Result<()> {
          match tokio::fs::write("a", b"x").await { Ok(()) => {}, Err(e) => eprintln!("{e}") }
          let _ = tx.send(1).await;
          tokio::fs::write("b", b"y").await?;
          Ok(())
      }` },
    { name: 'waiting for a signal, closing, sending: deliberate drops', code: rs`
      async fn f(mut w: tokio::sync::watch::Receiver<u8>, mut stop: tokio::sync::mpsc::Receiver<()>, mut s: tokio::net::TcpStream) {
          use tokio::io::AsyncWriteExt;
          let _ = w.changed().await;
          let _ = stop.recv().await;
          let _ = s.shutdown().await;
      }` },
    { name: 'an Err that is an outcome: timeout elapsed, the other side gone, a try_ attempt; a ctrl_c wait', code: rs`
      use std::time::Duration;
      async fn f(mut rx: tokio::sync::mpsc::Receiver<u8>, mut ev: tokio::sync::broadcast::Receiver<u8>) {
          loop {
              match tokio::time::timeout(Duration::from_secs(1), rx.recv()).await {
                  Ok(Some(_)) => {}
                  Ok(None) => break,
                  Err(_) => continue,
              }
          }
          loop { match ev.recv().await { Ok(v) => println!("{v}"), Err(_) => break } }
          match rx.try_recv() { Ok(v) => println!("{v}"), Err(_) => {} }
          let _ = tokio::signal::ctrl_c().await;
          let _ = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
      }` },
    { name: 'a comment says why; a local async fn that returns no Result; Oks of a batch kept after logging', code: rs`
      async fn tidy() {}
      async fn save(i: u32) -> Result<u32, String> { Ok(i) }
      async fn f(ids: Vec<u32>) -> Vec<u32> {
          // Best effort: the scratch file may already be gone.
          let _ = tokio::fs::remove_file("scratch").await;
          match save(1).await {
              Ok(_) => {}
              Err(_) => {} // a duplicate: the row is already there
          }
          let _ = tidy().await;
          let all = futures::future::join_all(ids.into_iter().map(save)).await;
          for r in &all { if let Err(e) = r { eprintln!("{e}"); } }
          all.into_iter().filter_map(|r| r.ok()).collect()
      }` },
    { name: 'a connection loop that ends on a read error; a producer that stops when the receiver is gone', code: rs`
      use tokio::io::AsyncReadExt;
      async fn f(mut s: tokio::net::TcpStream, tx: tokio::sync::mpsc::Sender<u8>) {
          let mut buf = [0u8; 64];
          loop {
              let n = match s.read(&mut buf).await {
                  Ok(0) => break,
                  Ok(n) => n,
                  Err(_) => break,
              };
              match tx.send(buf[0]).await {
                  Ok(()) => {}
                  Err(_) => return,
              }
              println!("{n}");
          }
      }` },
    { name: 'skipping a malformed input line', code: rs`
      async fn f(text: String) -> u32 {
          let mut sum = 0;
          for line in text.lines() {
              let n: u32 = match line.trim().parse() { Ok(n) => n, Err(_) => continue };
              sum += n;
          }
          tokio::task::yield_now().await;
          sum
      }` },
  ],
  invalid: [
    { name: 'a comment that narrates the step or admits a TODO is no reason', code: rs`
      async fn save(i: u32) -> Result<u32, String> { Ok(i) }
      async fn f() {
          // Persist the order so the worker can pick it up.
          let _ = save(1).await;
          match save(2).await {
              Ok(_) => {}
              Err(_) => {} // TODO: handle this
          }
      }`, lines: [4, 7] },
    { name: 'the Errs of an awaited batch dropped by filter_map / flatten; a label comment is no reason', code: rs`
      async fn save(i: u32) -> Result<u32, String> { Ok(i) }
      async fn f(ids: Vec<u32>) -> (Vec<u32>, Vec<u32>) {
          let all = futures::future::join_all(ids.iter().map(|i| save(*i))).await;
          let a: Vec<u32> = all.into_iter().filter_map(|r| r.ok()).collect();
          let b: Vec<u32> = futures::future::join_all(ids.into_iter().map(save))
              .await
              .into_iter()
              .flatten()
              .collect();
          let _ = save(3).await; // expect: swallowed-error
          (a, b)
      }`, lines: [4, 8, 10] },
    { name: 'empty Err arm, empty if let Err, .ok() dropped', code: rs`
      async fn f() {
          match tokio::fs::write("a", b"x").await {
              Ok(()) => println!("ok"),
              Err(_) => {}
          }
          if let Err(_e) = tokio::fs::remove_file("b").await {}
          tokio::fs::write("c", b"z").await.ok();
      }`, lines: [4, 6, 7] },
    { name: 'let _ = on an awaited Result; Err arms that continue or return', code: rs`
      async fn save(i: u32) -> Result<(), String> { Ok(()) }
      async fn f(items: Vec<u32>) {
          let _ = save(1).await;
          for i in items {
              match save(i).await { Ok(()) => {}, Err(_) => continue }
          }
          match save(2).await { Ok(()) => {}, Err(_) => return }
      }`, lines: [3, 5, 7] },
  ],
});
