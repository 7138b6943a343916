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
    { name: 'a named handle awaited later; #[tokio::main] that waits after spawning', code: rs`
      async fn job() -> Result<(), String> { Ok(()) }
      async fn beat() {}
      async fn f() -> Result<(), String> {
          let handle = tokio::spawn(job());
          handle.await.map_err(|e| e.to_string())?
      }
      #[tokio::main]
      async fn main() {
          tokio::spawn(beat());
          tokio::signal::ctrl_c().await.unwrap();
      }` },
    { name: 'a JoinSet drained with join_next, or handed back to the caller', code: rs`
      use tokio::task::JoinSet;
      async fn job(i: u32) -> u32 { i }
      async fn f(ids: Vec<u32>) {
          let mut set = JoinSet::new();
          for i in ids.clone() { set.spawn(job(i)); }
          while let Some(r) = set.join_next().await { println!("{:?}", r); }
      }
      fn g(ids: Vec<u32>) -> JoinSet<u32> {
          let mut set = JoinSet::new();
          for i in ids { set.spawn(job(i)); }
          set
      }` },
    { name: 'detached by design: a loop worker, a task that logs its errors, an accept loop, an unknown future, a _name', code: rs`
      async fn work(i: u64) { tokio::task::yield_now().await; println!("{i}"); }
      async fn f(mut rx: tokio::sync::mpsc::Receiver<u64>, l: tokio::net::TcpListener, fut: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>) {
          tokio::spawn(async move { while let Some(i) = rx.recv().await { work(i).await; } });
          tokio::spawn(async move { if let Err(e) = tokio::fs::write("a", b"x").await { eprintln!("{e}"); } });
          tokio::spawn(fut);
          let _worker = tokio::spawn(work(3));
          loop {
              let (s, _) = l.accept().await.unwrap();
              tokio::spawn(async move { work(4).await; drop(s); });
          }
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
    { name: 'a body whose tail is a Result-returning call; a named handle never used; the last spawn of #[tokio::main]', code: rs`
      async fn job() -> Result<(), String> { Ok(()) }
      async fn beat() {}
      async fn f() {
          tokio::spawn(async move { job().await });
          let handle = tokio::spawn(job());
          println!("started");
      }
      #[tokio::main]
      async fn main() {
          println!("up");
          tokio::spawn(beat());
      }`, lines: [4, 5, 11] },
    { name: 'a JoinSet that only spawns (and counts) is dropped, aborting its tasks', code: rs`
      use tokio::task::JoinSet;
      async fn job(i: u32) -> u32 { i }
      async fn f(ids: Vec<u32>) {
          let mut set = JoinSet::new();
          for i in ids { set.spawn(job(i)); }
          println!("{} queued", set.len());
      }`, lines: [4] },
    { name: 'a detached finite task; handles collected or pushed and never awaited; a Result dropped in the body', code: rs`
      async fn work(i: u64) { tokio::task::yield_now().await; println!("{i}"); }
      async fn save(i: u64) -> Result<(), String> { Ok(()) }
      async fn f(ids: Vec<u64>) {
          tokio::spawn(work(1));
          let hs: Vec<_> = ids.iter().map(|i| tokio::spawn(work(*i))).collect();
          println!("{}", hs.len());
          let mut v = Vec::new();
          for i in ids { v.push(tokio::spawn(work(i))); }
          tokio::spawn(async move { save(2).await; println!("done"); });
      }`, lines: [4, 5, 8, 9] },
  ],
});
