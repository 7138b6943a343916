import { catalogClosesScopes } from '../../../../src/review/rust/catalog.js';
import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('hallucinated-api', {
  valid: [
    { name: 'real tokio and futures paths, other crates, local modules', code: rs`
      use std::time::Duration;
      use tokio::sync::Mutex;
      mod tokio_helpers { pub fn sleep_ms(_: u64) {} }
      async fn f() {
          tokio::time::sleep(Duration::from_millis(1)).await;
          let m = Mutex::new(1);
          let _g = m.lock().await;
          tokio_helpers::sleep_ms(1);
          let _j = futures::future::join_all(Vec::<std::future::Ready<u8>>::new()).await;
      }` },
    { name: 'methods of a wrapper that does not deref (Option<Instant>), a constructor Result used as it is', code: rs`
      use tokio::time::Instant;
      struct S { next: Option<Instant> }
      fn f(s: &S) -> bool {
          let rt = tokio::runtime::Runtime::new().expect("runtime");
          s.next.is_some()
      }` },
  ],
  invalid: [
    { name: 'invented functions under real modules', code: rs`
      use tokio::sync::Mutex;
      async fn f() {
          tokio::time::sleep_ms(100).await;
          let m = Mutex::new_async(1);
      }`, lines: [3, 4] },
    { name: 'an invented futures path; a test-gated miss is only a warning (test-util may provide it)', code: rs`
      async fn f() {
          futures::future::join_alll(vec![async { 1 }]).await;
      }
      #[cfg(test)]
      mod tests {
          #[tokio::test]
          async fn t() { tokio::time::pause(); }
      }`, lines: [2, 7], severities: ['error', 'warning'] },
  ],
}, catalogClosesScopes() ? undefined : 'the rust catalog in this build enumerates no scope completely, so an unlisted path is not proof');
