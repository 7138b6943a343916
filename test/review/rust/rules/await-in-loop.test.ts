import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('await-in-loop', {
  valid: [
    { name: 'range loop, early exit, recv, carried state', code: rs`
      async fn get(i: u64) -> Option<u64> { Some(i) }
      async fn f(ids: Vec<u64>, mut rx: tokio::sync::mpsc::Receiver<u64>) {
          for attempt in 0..3 { get(attempt).await; }
          for id in &ids { if get(*id).await.is_some() { break; } }
          for _id in &ids { rx.recv().await; }
          let mut prev = 0;
          for id in &ids { prev = get(*id + prev).await.unwrap_or(0); }
      }` },
  ],
  invalid: [
    { name: 'one independent request per item', code: rs`
      async fn get(i: u64) -> Option<u64> { Some(i) }
      async fn f(ids: Vec<u64>) -> Vec<Option<u64>> {
          let mut out = vec![];
          for id in ids {
              out.push(get(id).await);
          }
          out
      }`, lines: [5] },
  ],
});
