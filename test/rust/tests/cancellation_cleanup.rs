// Contract scenarios for templates/rust/cancellation-cleanup.rs (templates/contracts/cancellation-cleanup.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/cancellation-cleanup.rs"]
mod template;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use template::{abort_and_wait, import, BatchSink, CancelToken, ImportError};
use tokio::time::{sleep, Instant};

type Log = Arc<Mutex<Vec<String>>>;

/// A sink whose steps take 1 ms each; it cancels `token` after `cancel_after` writes, fails where told, and its
/// rollback can fail or hang.
struct Sink {
    log: Log,
    writes: usize,
    cancel_after: Option<(usize, CancelToken)>,
    fail_write: Option<usize>,
    rollback: Rollback,
}

#[derive(Clone, Copy)]
enum Rollback {
    Works,
    Fails,
    Hangs,
}

fn sink(log: &Log) -> Sink {
    Sink { log: Arc::clone(log), writes: 0, cancel_after: None, fail_write: None, rollback: Rollback::Works }
}

fn note(log: &Log, what: String) {
    log.lock().unwrap().push(what);
}

impl BatchSink for Sink {
    type Error = String;
    fn begin(&mut self) -> BoxFuture<'_, Result<(), String>> {
        note(&self.log, "begin".into());
        Box::pin(async { Ok(()) })
    }
    fn write(&mut self, record: String) -> BoxFuture<'_, Result<(), String>> {
        self.writes += 1;
        note(&self.log, format!("write {record}"));
        let fail = self.fail_write == Some(self.writes);
        if let Some((after, token)) = &self.cancel_after {
            if self.writes == *after {
                token.cancel();
            }
        }
        Box::pin(async move {
            sleep(Duration::from_millis(1)).await;
            if fail {
                Err(format!("write {record} failed"))
            } else {
                Ok(())
            }
        })
    }
    fn commit(&mut self) -> BoxFuture<'_, Result<(), String>> {
        note(&self.log, "commit".into());
        Box::pin(async { Ok(()) })
    }
    fn rollback(&mut self) -> BoxFuture<'_, Result<(), String>> {
        note(&self.log, "rollback".into());
        let how = self.rollback;
        Box::pin(async move {
            match how {
                Rollback::Works => Ok(()),
                Rollback::Fails => Err("rollback failed".to_string()),
                Rollback::Hangs => std::future::pending().await,
            }
        })
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        note(&self.log, "closed".into());
    }
}

fn records(count: usize) -> Vec<String> {
    (1..=count).map(|n| n.to_string()).collect()
}

fn writes(log: &Log) -> usize {
    log.lock().unwrap().iter().filter(|l| l.starts_with("write")).count()
}

#[tokio::test(start_paused = true)]
async fn cancel_is_not_success() {
    let log = Log::default();
    let token = CancelToken::new();
    let mut s = sink(&log);
    s.cancel_after = Some((3, token.clone()));
    let result = import(s, records(1_000), &token, Duration::from_secs(1)).await;
    assert_eq!(result, Err(ImportError::Cancelled), "the cancellation, not a count");
}

#[tokio::test(start_paused = true)]
async fn no_step_after_cancel() {
    let log = Log::default();
    let token = CancelToken::new();
    let mut s = sink(&log);
    s.cancel_after = Some((3, token.clone()));
    let _ = import(s, records(1_000), &token, Duration::from_secs(1)).await;
    assert_eq!(writes(&log), 3, "the third write was under way when cancelled; no fourth began");
    assert!(!log.lock().unwrap().contains(&"commit".to_string()));
}

#[tokio::test(start_paused = true)]
async fn cleanup_on_every_path() {
    // Completes.
    let log = Log::default();
    assert_eq!(import(sink(&log), records(3), &CancelToken::new(), Duration::from_secs(1)).await, Ok(3));
    let done = log.lock().unwrap().clone();
    assert_eq!(done.last().map(String::as_str), Some("closed"));
    assert!(!done.contains(&"rollback".to_string()));
    // Fails at step 2.
    let log = Log::default();
    let mut s = sink(&log);
    s.fail_write = Some(2);
    let result = import(s, records(3), &CancelToken::new(), Duration::from_secs(1)).await;
    assert_eq!(result, Err(ImportError::Failed("write 2 failed".into())));
    assert_eq!(log.lock().unwrap().iter().rev().take(2).cloned().collect::<Vec<_>>(), ["closed", "rollback"]);
    // Cancelled at step 3.
    let log = Log::default();
    let token = CancelToken::new();
    let mut s = sink(&log);
    s.cancel_after = Some((3, token.clone()));
    assert_eq!(import(s, records(5), &token, Duration::from_secs(1)).await, Err(ImportError::Cancelled));
    assert_eq!(log.lock().unwrap().iter().rev().take(2).cloned().collect::<Vec<_>>(), ["closed", "rollback"]);
    // And when the caller drops the import future itself: the async rollback cannot run, the close (Drop) does.
    let log = Log::default();
    let dropped = tokio::time::timeout(Duration::from_micros(1500), import(sink(&log), records(5), &CancelToken::new(), Duration::from_secs(1))).await;
    assert!(dropped.is_err());
    assert_eq!(log.lock().unwrap().last().map(String::as_str), Some("closed"));
}

#[tokio::test(start_paused = true)]
async fn cleanup_error_keeps_original() {
    let log = Log::default();
    let mut s = sink(&log);
    s.fail_write = Some(1);
    s.rollback = Rollback::Fails;
    let result = import(s, records(3), &CancelToken::new(), Duration::from_secs(1)).await;
    assert_eq!(
        result,
        Err(ImportError::RollbackFailed { original: Box::new(ImportError::Failed("write 1 failed".into())), rollback: "rollback failed".into() })
    );
    let log = Log::default();
    let token = CancelToken::new();
    let mut s = sink(&log);
    s.cancel_after = Some((1, token.clone()));
    s.rollback = Rollback::Fails;
    let result = import(s, records(3), &token, Duration::from_secs(1)).await;
    assert_eq!(result, Err(ImportError::RollbackFailed { original: Box::new(ImportError::Cancelled), rollback: "rollback failed".into() }));
}

#[tokio::test(start_paused = true)]
async fn cleanup_bounded() {
    let log = Log::default();
    let mut s = sink(&log);
    s.fail_write = Some(1);
    s.rollback = Rollback::Hangs;
    let started = Instant::now();
    let result = import(s, records(3), &CancelToken::new(), Duration::from_secs(1)).await;
    assert_eq!(result, Err(ImportError::RollbackTimedOut { original: Box::new(ImportError::Failed("write 1 failed".into())) }));
    assert_eq!(started.elapsed(), Duration::from_millis(1) + Duration::from_secs(1), "given up once the 1 s cleanup limit passed");
}

#[tokio::test(start_paused = true)]
async fn nothing_left_attached() {
    let token = CancelToken::new(); // one long-lived signal
    let log = Log::default();
    assert_eq!(import(sink(&log), records(3), &token, Duration::from_secs(1)).await, Ok(3));
    assert_eq!(token.waiting(), 0, "after a completed run");
    let mut s = sink(&log);
    s.cancel_after = Some((2, token.clone()));
    assert_eq!(import(s, records(3), &token, Duration::from_secs(1)).await, Err(ImportError::Cancelled));
    assert_eq!(token.waiting(), 0, "after a cancelled run");
    // A child task that was cancelled has finished before the cancel helper returns.
    let finished = Arc::new(AtomicBool::new(false));
    struct Done(Arc<AtomicBool>);
    impl Drop for Done {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let done = Done(Arc::clone(&finished));
    let child = tokio::spawn(async move {
        let _done = done;
        sleep(Duration::from_secs(3600)).await;
    });
    tokio::task::yield_now().await;
    assert_eq!(abort_and_wait(child).await, None);
    assert!(finished.load(Ordering::SeqCst));
}
