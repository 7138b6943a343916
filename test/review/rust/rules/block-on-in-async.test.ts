import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('block-on-in-async', {
  valid: [
    { name: 'block_on in main and inside spawn_blocking', code: rs`
      async fn work() -> u8 { 1 }
      fn main() {
          let rt = tokio::runtime::Runtime::new().unwrap();
          rt.block_on(work());
      }
      async fn f(h: tokio::runtime::Handle) {
          tokio::task::spawn_blocking(move || h.block_on(work())).await.ok();
      }` },
    { name: 'a sync helper with block_on called from main and from spawn_blocking only', code: rs`
      async fn work() -> u8 { 1 }
      fn load() -> u8 { futures::executor::block_on(work()) }
      fn main() { println!("{}", load()); }
      async fn f() -> u8 { tokio::task::spawn_blocking(load).await.unwrap_or(0) + tokio::task::spawn_blocking(|| load()).await.unwrap_or(0) }` },
  ],
  invalid: [
    { name: 'a sync helper with block_on called straight from async code (a warning)', code: rs`
      async fn work() -> u8 { 1 }
      fn load() -> u8 {
          futures::executor::block_on(work())
      }
      async fn f() -> u8 { load() }`, lines: [3], severities: ['warning'] },
    { name: 'futures block_on and Handle::current().block_on in async code', code: rs`
      use futures::executor::block_on;
      async fn work() -> u8 { 1 }
      async fn f() {
          let a = block_on(work());
          let b = tokio::runtime::Handle::current().block_on(work());
      }`, lines: [4, 5], severities: ['error', 'error'] },
  ],
});
