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
    { name: 'a read whose answer is only logged; an insert re-checked with entry; a second guard tested before writing', code: rs`
      use std::collections::HashMap;
      use std::sync::Arc;
      use tokio::sync::Mutex;
      async fn get(i: u64) -> u64 { i }
      async fn log(s: String) { println!("{s}"); }
      async fn f(q: Arc<Mutex<Vec<u64>>>, m: Arc<Mutex<HashMap<u64, u64>>>) -> u64 {
          let depth = q.lock().await.len();
          log(format!("depth {depth}")).await;
          q.lock().await.push(1);
          if let Some(v) = m.lock().await.get(&1) { return *v; }
          let v = get(1).await;
          let first = *m.lock().await.entry(1).or_insert(v);
          if m.lock().await.get(&2).is_none() {
              let w = get(2).await;
              let mut g = m.lock().await;
              if !g.contains_key(&2) { g.insert(2, w); }
          }
          first
      }` },
    { name: 'a std guard kept in a let (another rule), a write re-checked with entry', code: rs`
      use std::collections::HashMap;
      async fn audit() {}
      async fn f(cache: std::sync::Arc<std::sync::Mutex<HashMap<String, u64>>>, k: &str) -> u64 {
          let n = cache.lock().unwrap().len();
          if n > 100 { audit().await; }
          let hit = cache.lock().unwrap().get(k).copied();
          if let Some(v) = hit { return v; }
          audit().await;
          *cache.lock().unwrap().entry(k.to_string()).or_insert(1)
      }` },
    { name: 'a flag set once with compare_exchange; a store that does not depend on a load', code: rs`
      use std::sync::atomic::{AtomicBool, Ordering};
      static READY: AtomicBool = AtomicBool::new(false);
      async fn init() {}
      async fn ensure(stop: &AtomicBool) {
          if READY.compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst).is_ok() { init().await; }
          println!("{}", stop.load(Ordering::SeqCst));
          stop.store(true, Ordering::SeqCst);
      }` },
  ],
  invalid: [
    { name: 'a snapshot read, a new value computed from it across an await, written back', code: rs`
      use std::sync::Arc;
      use tokio::sync::RwLock;
      async fn apply(v: u64) -> u64 { v + 1 }
      async fn bump(state: Arc<RwLock<u64>>) {
          let snapshot = *state.read().await;
          let next = apply(snapshot).await;
          *state.write().await = next;
      }`, lines: [7] },
    { name: 'an atomic flag tested with load and set with store under the test', code: rs`
      use std::sync::atomic::{AtomicBool, Ordering};
      static READY: AtomicBool = AtomicBool::new(false);
      async fn init() {}
      async fn ensure() {
          if !READY.load(Ordering::SeqCst) {
              init().await;
              READY.store(true, Ordering::SeqCst);
          }
      }`, lines: [7] },
    { name: 'a value copied out with *lock().await and written back from it; the same check-then-act on a std Mutex', code: rs`
      use std::collections::HashMap;
      async fn audit() {}
      async fn withdraw(bal: std::sync::Arc<tokio::sync::Mutex<u64>>, amt: u64) -> bool {
          let cur = *bal.lock().await;
          if cur < amt { return false; }
          audit().await;
          *bal.lock().await = cur - amt;
          true
      }
      async fn get(cache: std::sync::Arc<std::sync::Mutex<HashMap<String, u64>>>, k: &str) -> u64 {
          let hit = cache.lock().unwrap().get(k).copied();
          if let Some(v) = hit { return v; }
          audit().await;
          cache.lock().unwrap().insert(k.to_string(), 1);
          1
      }`, lines: [7, 14] },
    { name: 'check-then-act after an early return, and inside the if of the check', code: rs`
      use std::collections::HashMap;
      use std::sync::Arc;
      use tokio::sync::Mutex;
      async fn get(i: u64) -> u64 { i }
      async fn f(m: Arc<Mutex<HashMap<u64, u64>>>) {
          if m.lock().await.contains_key(&1) { return; }
          let v = get(1).await;
          m.lock().await.insert(1, v);
          if m.lock().await.get(&2).is_none() {
              let w = get(2).await;
              let mut g = m.lock().await;
              g.insert(2, w);
          }
      }`, lines: [8, 11] },
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
