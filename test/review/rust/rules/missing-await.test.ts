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
  ],
  invalid: [
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
