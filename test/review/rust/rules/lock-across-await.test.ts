import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('lock-across-await', {
  valid: [
    { name: 'a tokio Mutex held across an await', code: rs`
      use std::sync::Arc;
      use tokio::sync::Mutex;
      async fn f(m: Arc<Mutex<Vec<u8>>>) {
          let mut g = m.lock().await;
          tick().await;
          g.push(1);
      }
      async fn tick() {}` },
    { name: 'guard dropped or scoped before the await; plain if drops its temporary', code: rs`
      use std::sync::{Arc, Mutex};
      async fn f(m: Arc<Mutex<Vec<u8>>>) {
          let g = m.lock().unwrap();
          let n = g.len();
          drop(g);
          tick().await;
          { let mut g2 = m.lock().unwrap(); g2.push(n as u8); }
          tick().await;
          if m.lock().unwrap().is_empty() { tick().await; }
          let copy = m.lock().unwrap().clone();
          tick().await;
          println!("{copy:?}");
      }
      async fn tick() {}` },
    { name: 'a match on the lock that yields a value computed under the guard, not the guard', code: rs`
      use std::sync::{Arc, Mutex};
      async fn f(m: Arc<Mutex<Vec<u8>>>) -> usize {
          let n = match m.lock() {
              Ok(g) => g.len(),
              Err(p) => p.into_inner().len(),
          };
          tick().await;
          n
      }
      async fn tick() {}` },
    { name: 'sync fn', code: rs`
      use std::sync::Mutex;
      fn f(m: &Mutex<u8>) { let g = m.lock().unwrap(); println!("{g}"); }` },
  ],
  invalid: [
    { name: 'a std Mutex cloned with Arc::clone into a spawned task keeps its type', code: rs`
      use std::sync::{Arc, Mutex};
      async fn tick() {}
      fn start(state: Arc<Mutex<Vec<u8>>>) {
          let s = Arc::clone(&state);
          tokio::spawn(async move {
              let mut g = s.lock().unwrap();
              g.push(1);
              tick().await;
          });
      }`, lines: [6], severities: ['error'] },
    { name: 'a std Mutex behind a type alias (error); a lock of a type declared elsewhere, unwrapped (warning)', code: rs`
      use std::collections::HashMap;
      use std::sync::{Arc, Mutex};
      type Db = Arc<Mutex<HashMap<String, String>>>;
      async fn persist() {}
      async fn f(db: Db, other: Arc<crate::state::Registry>) {
          let mut map = db.lock().unwrap();
          map.insert("k".into(), "v".into());
          persist().await;
          let reg: Arc<Registry> = other;
          let g = reg.lock().unwrap();
          persist().await;
          drop(g);
      }`, lines: [6, 10], severities: ['error', 'warning'] },
    { name: 'a guard recovered from a poisoned lock by a match, held across an await (type not written: a warning)', code: rs`
      async fn f(log: &Shared) {
          let mut entries = match log.entries.lock() {
              Ok(g) => g,
              Err(poisoned) => poisoned.into_inner(),
          };
          entries.push(1);
          tick().await;
      }
      async fn tick() {}`, lines: [2], severities: ['warning'] },
    { name: 'std Mutex field guard across an await (declared type)', code: rs`
      use std::sync::Mutex;
      struct S { m: Mutex<Vec<u8>> }
      impl S {
          async fn f(&self) {
              let mut g = self.m.lock().unwrap();
              tick().await;
              g.push(1);
          }
      }
      async fn tick() {}`, lines: [5], severities: ['error'] },
    { name: 'unknown receiver with lock().unwrap() (warning), match temporary', code: rs`
      async fn f(state: &AppState) {
          let g = state.inner.lock().unwrap();
          tick().await;
          match state.map.lock().unwrap().get(&1) {
              Some(_) => tick().await,
              None => {}
          }
      }
      async fn tick() {}`, lines: [2, 4], severities: ['warning', 'warning'] },
    { name: 'parking_lot RwLock write guard', code: rs`
      use parking_lot::RwLock;
      async fn f() {
          let l = RwLock::new(1);
          let w = l.write();
          tick().await;
      }
      async fn tick() {}`, lines: [4], severities: ['error'] },
    { name: 'let _g, a guard-returning helper, a struct holding the guard, RwLock write().unwrap(), a select! as the await', code: rs`
      use std::sync::{Mutex, MutexGuard};
      struct Tx<'a> { guard: MutexGuard<'a, u64> }
      struct S { m: Mutex<u64> }
      async fn tick() {}
      impl S {
          fn g(&self) -> MutexGuard<'_, u64> { self.m.lock().unwrap() }
          async fn a(&self) { let _g = self.m.lock().unwrap(); tick().await; }
          async fn b(&self) { let e = self.g(); tick().await; drop(e); }
          async fn c(&self) { let t = Tx { guard: self.m.lock().unwrap() }; tick().await; drop(t); }
          async fn d(&self, x: &Cfg) { let w = x.data.write().unwrap(); tick().await; drop(w); }
          async fn e(&self) {
              let g = self.m.lock().unwrap();
              tokio::select! { _ = tick() => {} }
              drop(g);
          }
      }`, lines: [7, 8, 9, 10, 12], severities: ['error', 'error', 'error', 'warning', 'error'] },
  ],
});
