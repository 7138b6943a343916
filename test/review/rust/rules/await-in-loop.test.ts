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
    { name: 'ordered steps (`apply(step).await?;`), a paced loop, tokio::fs per file', code: rs`
      use std::time::Duration;
      async fn apply(s: &str) -> Result<(), String> { Ok(()) }
      async fn get(i: u64) -> Result<u64, String> { Ok(i) }
      async fn f(steps: &[&str], ids: &[u64], paths: &[String]) -> Result<(), String> {
          for step in steps { apply(step).await?; }
          for id in ids {
              let v = get(*id).await?;
              println!("{v}");
              tokio::time::sleep(Duration::from_millis(100)).await;
          }
          for p in paths { let _ = tokio::fs::remove_file(p).await; }
          Ok(())
      }` },
    { name: 'calls that borrow one resource mutably: a &mut param, a let mut local, a &mut self method, &mut args', code: rs`
      pub struct Conn { n: u64 }
      impl Conn {
          pub async fn exec(&mut self, q: &str) -> Result<u64, String> { self.n += 1; Ok(q.len() as u64) }
      }
      async fn put(c: &mut Conn, row: &str) -> Result<u64, String> { c.exec(row).await }
      async fn f(conn: &mut Conn, rows: &[String]) -> Result<u64, String> {
          let mut total = 0;
          for row in rows { let n = conn.exec(row).await?; total += n; }
          for row in rows { let n = put(conn, row).await?; total += n; }
          let mut own = Conn { n: 0 };
          for row in rows { total += own.exec(row).await?; }
          for row in rows { let n = put(&mut own, row).await?; total += n; }
          Ok(total)
      }` },
    { name: 'state carried from one iteration to the next under any name', code: rs`
      async fn forward(hop: u32, step: &str) -> u32 { hop + step.len() as u32 }
      async fn f(route: &[&str]) -> u32 {
          let mut hop = 0;
          for step in route { let next = forward(hop, step).await; println!("{next}"); hop = next; }
          hop
      }` },
    { name: 'each call reads what the previous ones changed in place; the first reachable of a written-out list', code: rs`
      use std::collections::HashSet;
      async fn next_of(id: u64, seen: &HashSet<u64>) -> u64 { id + seen.len() as u64 }
      async fn ping(h: &str) -> bool { !h.is_empty() }
      async fn f(ids: &[u64]) -> usize {
          let mut seen = HashSet::new();
          for id in ids { let n = next_of(*id, &seen).await; seen.insert(n); }
          let mut up = 0;
          for host in ["a", "b"] { if ping(host).await { up += 1; break; } }
          up + seen.len()
      }` },
  ],
  invalid: [
    { name: 'a call awaited under a timeout, one item at a time; a shared &self receiver', code: rs`
      use std::time::Duration;
      pub struct Api;
      impl Api { pub async fn get(&self, id: u64) -> u64 { id } }
      async fn fetch(id: u64) -> Result<u64, String> { Ok(id) }
      async fn f(api: &Api, ids: &[u64]) -> u64 {
          let mut total = 0;
          for id in ids {
              if let Ok(Ok(v)) = tokio::time::timeout(Duration::from_secs(1), fetch(*id)).await { total += v; }
          }
          for id in ids { total += api.get(*id).await; }
          total
      }`, lines: [8, 10] },
    { name: 'one independent request per item', code: rs`
      async fn get(i: u64) -> Option<u64> { Some(i) }
      async fn f(ids: Vec<u64>) -> Vec<Option<u64>> {
          let mut out = vec![];
          for id in ids {
              out.push(get(id).await);
          }
          out
      }`, lines: [5] },
    { name: 'a ? on the awaited value that is kept; a name computed from the item; a request builder send', code: rs`
      async fn get(url: &str) -> Result<String, String> { Ok(url.to_string()) }
      async fn f(ids: &[u64], client: &reqwest::Client) -> Result<Vec<String>, String> {
          let mut out = vec![];
          for id in ids {
              let url = format!("https://x/{id}");
              out.push(get(&url).await?);
          }
          for id in ids {
              let r = client.get(format!("https://x/{id}")).send().await;
              println!("{}", r.is_ok());
          }
          Ok(out)
      }`, lines: [6, 9] },
  ],
});
