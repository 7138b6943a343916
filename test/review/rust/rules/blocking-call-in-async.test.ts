import { rs, rsRuleTable } from '../helpers.js';

rsRuleTable('blocking-call-in-async', {
  valid: [
    { name: 'tokio sleep and fs, std calls in sync fns and in spawn_blocking', code: rs`
      use std::time::Duration;
      fn warm() { std::thread::sleep(Duration::from_millis(1)); }
      async fn f() {
          tokio::time::sleep(Duration::from_millis(1)).await;
          let _s = tokio::fs::read_to_string("a").await;
          tokio::task::spawn_blocking(|| std::fs::read_to_string("b")).await.ok();
          tokio::task::block_in_place(|| std::thread::sleep(Duration::from_millis(1)));
      }` },
    { name: 'a closure handed to a free function (an offloading helper this file does not show); bind', code: rs`
      async fn read(path: String) -> std::io::Result<String> {
          let _l = std::net::TcpListener::bind("127.0.0.1:0");
          asyncify(move || std::fs::read_to_string(path)).await
      }` },
    { name: 'a local sleep fn and tokio::time::sleep imported by name', code: rs`
      use tokio::time::sleep;
      async fn f(d: std::time::Duration) { sleep(d).await; }` },
    { name: 'tokio mpsc recv awaited', code: rs`
      async fn f() {
          let (tx, mut rx) = tokio::sync::mpsc::channel::<u8>(4);
          drop(tx);
          while let Some(v) = rx.recv().await { println!("{v}"); }
      }` },
  ],
  invalid: [
    { name: 'a sync helper reading a file, called straight from async code (a warning at the blocking call)', code: rs`
      fn read_manifest() -> std::io::Result<String> {
          std::fs::read_to_string("manifest.toml")
      }
      fn later() -> std::io::Result<String> { std::fs::read_to_string("other.toml") }
      async fn f() -> usize {
          let a = read_manifest().unwrap_or_default();
          let b = tokio::task::spawn_blocking(later).await;
          a.len() + b.is_ok() as usize
      }`, lines: [2], severities: ['warning'] },
    { name: 'thread::sleep through an import; std::fs through a module import', code: rs`
      use std::thread;
      use std::fs;
      async fn f(d: std::time::Duration) {
          thread::sleep(d);
          let s = fs::read_to_string("x");
      }`, lines: [4, 5], severities: ['error', 'warning'] },
    { name: 'std mpsc recv in an async block; File::open imported', code: rs`
      use std::fs::File;
      fn start() {
          let (tx, rx) = std::sync::mpsc::channel::<u8>();
          tokio::spawn(async move {
              let v = rx.recv();
              let f = File::open("y");
              let n: Vec<String> = vec!["a"].iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
          });
          drop(tx);
      }`, lines: [5, 6, 7] },
    { name: 'tokio blocking_recv in async code panics', code: rs`
      async fn f() {
          let (_tx, mut rx) = tokio::sync::mpsc::channel::<u8>(1);
          let v = rx.blocking_recv();
      }`, lines: [3], severities: ['error'] },
    { name: 'std::process::Command output in an async fn', code: rs`
      use std::process::Command;
      async fn f() { let o = Command::new("ls").arg("-l").output(); }`, lines: [2] },
    { name: 'OpenOptions chain and its File; for over a std receiver; a blocking call in a select! branch', code: rs`
      use std::io::Write;
      async fn f(rx: std::sync::mpsc::Receiver<u8>, mut stop: tokio::sync::mpsc::Receiver<()>) -> std::io::Result<()> {
          let mut file = std::fs::OpenOptions::new().append(true).open("log")?;
          file.write_all(b"x")?;
          for m in rx { println!("{m}"); }
          tokio::select! {
              _ = stop.recv() => { std::thread::sleep(std::time::Duration::from_millis(1)); }
          }
          Ok(())
      }`, lines: [3, 4, 5, 7] },
  ],
});
