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
  ],
});
