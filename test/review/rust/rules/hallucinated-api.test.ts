import { crateComplete } from '../../../../src/review/rust/catalog.js';
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
  ],
  invalid: [
    { name: 'invented functions under real modules', code: rs`
      use tokio::sync::Mutex;
      async fn f() {
          tokio::time::sleep_ms(100).await;
          let m = Mutex::new_async(1);
      }`, lines: [3, 4] },
  ],
}, crateComplete('tokio') ? undefined : 'the rust catalog in this build lists tokio in part (curated), so an unlisted path is not proof');
