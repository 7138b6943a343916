import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('missing-await', {
  valid: [
    { name: 'awaited, spawned, stored, returned', code: rs`
      async fn work() -> u8 { 1 }
      fn sync_work() {}
      async fn f() {
          work().await;
          tokio::spawn(work());
          let fut = work();
          fut.await;
          sync_work();
      }
      fn g() -> impl std::future::Future<Output = u8> { work() }` },
    { name: 'an async block that is the value of its block (no semicolon)', code: rs`
      fn status(x: u8) -> impl std::future::Future<Output = u8> {
          let y = x + 1;
          async move {
              y * 2
          }
      }` },
    { name: 'a bound future joined, pinned, returned or awaited later; a sync method of another type with the same name', code: rs`
      use std::collections::HashMap;
      async fn fetch(id: u32) -> Result<u8, String> { Ok(1) }
      struct Repo;
      struct Cache { m: HashMap<u32, u8> }
      impl Repo { async fn save(&self, id: u32) {} }
      impl Cache { fn save(&mut self, id: u32) { self.m.insert(id, 0); } }
      async fn f(repo: &Repo, cache: &mut Cache) -> Result<(), String> {
          let a = fetch(1);
          let b = fetch(2);
          let (x, y) = tokio::join!(a, b);
          let c = fetch(3);
          tokio::pin!(c);
          (&mut c).await?;
          let d = fetch(4);
          let d = d.await?;
          cache.save(d as u32);
          repo.save(1).await;
          fetch(5).await.unwrap();
          Ok(())
      }
      fn later() -> impl std::future::Future<Output = Result<u8, String>> {
          let fut = fetch(6);
          fut
      }` },
  ],
  invalid: [
    { name: 'a future used as its output: ?, unwrap, field, match, if let (rustc rejects these; generated code has them)', code: rs`
      async fn fetch(id: u32) -> Result<u8, String> { Ok(1) }
      async fn f() -> Result<(), String> {
          let a = fetch(1)?;
          let b = fetch(2).unwrap();
          match fetch(3) { Ok(_) => {}, Err(e) => eprintln!("{e}") }
          if let Ok(v) = fetch(4) { println!("{v}"); }
          Ok(())
      }`, lines: [3, 4, 5, 6], severities: ['error', 'error', 'error', 'error'] },
    { name: 'a future bound to a name never used, or later used as the output', code: rs`
      async fn fetch(id: u32) -> Result<u8, String> { Ok(1) }
      async fn f() -> Result<(), String> {
          let pending = fetch(1);
          let later = fetch(2);
          let v = later?;
          println!("{v}");
          Ok(())
      }`, lines: [3, 4] },
    { name: 'an async method of a type the file declares, called on a typed parameter or local', code: rs`
      struct Repo;
      impl Repo {
          fn new() -> Self { Repo }
          async fn save(&self, id: u32) {}
      }
      async fn f(repo: &Repo) {
          repo.save(1);
          let other = Repo::new();
          other.save(2);
      }`, lines: [7, 9] },
    { name: 'statement call and let _ of a local async fn; self method; async block', code: rs`
      async fn work() -> u8 { 1 }
      struct S;
      impl S {
          async fn save(&self) {}
          async fn f(&self) {
              work();
              let _ = work();
              self.save();
              async { 1 };
          }
      }`, lines: [6, 7, 8, 9], severities: ['error', 'error', 'error', 'error'] },
  ],
});
