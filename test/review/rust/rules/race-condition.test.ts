import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('race-condition', {
  valid: [
    { name: 'one guard across check and write; fetch_add', code: rs`
      use std::sync::atomic::{AtomicU64, Ordering};
      async fn get(i: u64) -> u64 { i }
      async fn f(m: std::sync::Arc<tokio::sync::Mutex<std::collections::HashMap<u64, u64>>>, c: &AtomicU64) {
          let mut g = m.lock().await;
          if !g.contains_key(&1) { let v = get(1).await; g.insert(1, v); }
          c.fetch_add(1, Ordering::SeqCst);
      }` },
  ],
  invalid: [
    { name: 'check under one lock, await, write under another; load then store', code: rs`
      use std::sync::atomic::{AtomicU64, Ordering};
      async fn get(i: u64) -> u64 { i }
      async fn f(m: std::sync::Arc<tokio::sync::Mutex<std::collections::HashMap<u64, u64>>>, c: &AtomicU64) {
          let known = m.lock().await.contains_key(&1);
          if !known {
              let v = get(1).await;
              m.lock().await.insert(1, v);
          }
          let n = c.load(Ordering::SeqCst);
          c.store(n + 1, Ordering::SeqCst);
      }`, lines: [7, 10] },
  ],
});
