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
  ],
  invalid: [
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
