import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('unbounded-concurrency', {
  valid: [
    { name: 'buffer_unordered, semaphore permit, fixed worker count', code: rs`
      use futures::StreamExt;
      async fn get(i: u64) -> u64 { i }
      async fn f(ids: Vec<u64>, sem: std::sync::Arc<tokio::sync::Semaphore>) {
          let _v: Vec<u64> = futures::stream::iter(ids.clone()).map(get).buffer_unordered(4).collect().await;
          for id in ids.clone() {
              let permit = sem.clone().acquire_owned().await.unwrap();
              tokio::spawn(async move { get(id).await; drop(permit); });
          }
          for w in 0..4 { tokio::spawn(async move { get(w).await; }); }
      }` },
    { name: 'a bounded map of spawns; join_all over a counted range', code: rs`
      async fn get(i: u64) -> u64 { i }
      async fn f(ids: Vec<u64>) {
          let hs: Vec<_> = ids.iter().take(4).map(|i| tokio::spawn(get(*i))).collect();
          let futs: Vec<_> = (0..4).map(|i| get(i)).collect();
          futures::future::join_all(futs).await;
          drop(hs);
      }` },
    { name: 'join_all per chunk; a JoinSet window drained as it fills; for_each_concurrent with a limit', code: rs`
      use futures::stream::{self, StreamExt};
      async fn fetch(id: u64) -> u64 { id }
      async fn f(ids: Vec<u64>) -> Vec<u64> {
          let mut out = Vec::new();
          for chunk in ids.chunks(16) {
              out.extend(futures::future::join_all(chunk.iter().map(|id| fetch(*id))).await);
          }
          let mut set = tokio::task::JoinSet::new();
          for id in ids.clone() {
              while set.len() >= 8 { let _ = set.join_next().await; }
              set.spawn(fetch(id));
          }
          while set.join_next().await.is_some() {}
          stream::iter(ids).for_each_concurrent(Some(8), |id| async move { fetch(id).await; }).await;
          out
      }` },
    { name: 'fan-outs over a list written out in the code', code: rs`
      async fn fetch(id: u64) -> u64 { id }
      async fn f(a: u64, b: u64) -> u64 {
          let v = futures::future::join_all([a, b].iter().map(|id| fetch(*id))).await;
          for id in [1u64, 2, 3] { let _h = tokio::spawn(fetch(id)); }
          v.iter().sum()
      }` },
  ],
  invalid: [
    { name: 'for_each_concurrent(None); a FuturesUnordered filled per item; collected into one', code: rs`
      use futures::stream::{self, FuturesUnordered, StreamExt};
      async fn fetch(id: u64) -> u64 { id }
      async fn f(ids: Vec<u64>) -> u64 {
          stream::iter(ids.clone()).for_each_concurrent(None, |id| async move { fetch(id).await; }).await;
          let mut futs = FuturesUnordered::new();
          for id in &ids {
              futs.push(fetch(*id));
          }
          let mut sum = 0;
          while let Some(v) = futs.next().await { sum += v; }
          let mut more = ids.iter().map(|id| fetch(*id)).collect::<FuturesUnordered<_>>();
          while let Some(v) = more.next().await { sum += v; }
          sum
      }`, lines: [4, 7, 11] },
    { name: 'join_all over a map; spawn per item', code: rs`
      async fn get(i: u64) -> u64 { i }
      async fn f(ids: Vec<u64>) {
          let _all = futures::future::join_all(ids.iter().map(|i| get(*i))).await;
          for id in ids {
              tokio::spawn(async move { get(id).await; });
          }
      }`, lines: [3, 5] },
    { name: 'spawn in a map over a collection; join_all over collected futures and over a Vec filled per item', code: rs`
      async fn get(i: u64) -> u64 { i }
      async fn f(ids: Vec<u64>) {
          let hs: Vec<_> = ids.iter().map(|i| tokio::spawn(get(*i))).collect();
          let futs: Vec<_> = ids.iter().map(|i| get(*i)).collect();
          futures::future::join_all(futs).await;
          let mut more = Vec::new();
          for id in ids.clone() { more.push(get(id)); }
          futures::future::join_all(more).await;
          drop(hs);
      }`, lines: [3, 5, 8] },
  ],
});
