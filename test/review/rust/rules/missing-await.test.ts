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
