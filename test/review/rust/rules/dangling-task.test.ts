import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('dangling-task', {
  valid: [
    { name: 'handle kept; body that handles its errors; infallible body', code: rs`
      async fn job() -> Result<(), String> { Ok(()) }
      async fn f() {
          let h = tokio::spawn(job());
          h.await.ok();
          tokio::spawn(async move { if let Err(e) = job().await { eprintln!("{e}"); } });
          tokio::spawn(async move { println!("tick"); });
      }` },
  ],
  invalid: [
    { name: 'dropped handle of a Result fn and of a body with ? and unwrap', code: rs`
      async fn job() -> Result<(), String> { Ok(()) }
      async fn f() -> Result<(), String> {
          tokio::spawn(job());
          tokio::spawn(async move { job().await.unwrap(); });
          let _ = tokio::spawn(async move { job().await?; Ok::<(), String>(()) });
          Ok(())
      }`, lines: [3, 4, 5] },
  ],
});
