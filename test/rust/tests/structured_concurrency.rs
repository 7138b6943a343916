// Contract scenarios for templates/rust/structured-concurrency.rs (templates/contracts/structured-concurrency.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/structured-concurrency.rs"]
mod template;

use std::future::pending;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use template::{scope, ScopeError, Spawner};
use tokio::sync::watch;
use tokio::time::{sleep, Instant};

const MS: fn(u64) -> Duration = Duration::from_millis;

/// Records "<name> cleaned up" when dropped: a child's cleanup, run on completion and on abort alike.
struct Cleanup(&'static str, Arc<Mutex<Vec<String>>>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.1.lock().unwrap().push(format!("{} cleaned up", self.0));
    }
}

fn child(log: &Arc<Mutex<Vec<String>>>, name: &'static str, after: Duration, outcome: Result<u32, String>) -> impl std::future::Future<Output = Result<u32, String>> + Send + 'static {
    let cleanup = Cleanup(name, Arc::clone(log));
    async move {
        let _cleanup = cleanup;
        sleep(after).await;
        outcome
    }
}

#[tokio::test(start_paused = true)]
async fn no_child_outlives() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let result = scope(pending(), |spawner: &Spawner<u32, String>| {
        spawner.spawn(child(&log, "failing", MS(10), Err("boom".into())));
        // A child that starts a grandchild which needs 50 ms after the failure to finish its cleanup.
        let (inner, log2) = (spawner.clone(), Arc::clone(&log));
        spawner.spawn(async move {
            inner.spawn(async move {
                struct SlowCleanup(Arc<Mutex<Vec<String>>>);
                impl Drop for SlowCleanup {
                    fn drop(&mut self) {
                        self.0.lock().unwrap().push("grandchild cleaned up".into());
                    }
                }
                let _cleanup = SlowCleanup(log2);
                sleep(Duration::from_secs(10)).await;
                Ok(0)
            });
            Ok(1)
        });
    })
    .await;
    assert!(matches!(result, Err(ScopeError::Failed { .. })), "{result:?}");
    let log = log.lock().unwrap().clone();
    assert!(log.contains(&"grandchild cleaned up".to_string()), "settled only after the grandchild's cleanup: {log:?}");
    assert_eq!(started.elapsed(), MS(10));
}

#[tokio::test(start_paused = true)]
async fn first_failure_cancels_siblings() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let result = scope(pending(), |spawner: &Spawner<u32, String>| {
        spawner.spawn(child(&log, "fails", MS(10), Err("disk full".into())));
        spawner.spawn(child(&log, "long", Duration::from_secs(10), Ok(2)));
    })
    .await;
    assert_eq!(result, Err(ScopeError::Failed { errors: vec!["disk full".to_string()], cancelled_siblings: 1 }));
    assert_eq!(started.elapsed(), MS(10), "raised without the clock reaching 10 s");
    assert!(log.lock().unwrap().contains(&"long cleaned up".to_string()), "the long one saw the cancellation");
}

#[tokio::test(start_paused = true)]
async fn all_failures_reported() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let result = scope(pending(), |spawner: &Spawner<u32, String>| {
        spawner.spawn(child(&log, "a", MS(10), Err("a failed".into())));
        spawner.spawn(child(&log, "b", MS(10), Err("b failed".into())));
        spawner.spawn(child(&log, "c", Duration::from_secs(10), Ok(3)));
    })
    .await;
    match result {
        Err(ScopeError::Failed { mut errors, cancelled_siblings }) => {
            errors.sort();
            assert_eq!(errors, vec!["a failed".to_string(), "b failed".to_string()], "both failures reach the caller");
            assert_eq!(cancelled_siblings, 1, "the cancelled third is counted, not reported as a failure");
        }
        other => panic!("expected both failures, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn caller_cancel_cancels_all() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let result = scope(sleep(MS(10)), |spawner: &Spawner<u32, String>| {
        spawner.spawn(child(&log, "one", Duration::from_secs(10), Ok(1)));
        spawner.spawn(child(&log, "two", Duration::from_secs(10), Ok(2)));
    })
    .await;
    assert_eq!(result, Err(ScopeError::Cancelled { cancelled_children: 2 }));
    assert_eq!(started.elapsed(), MS(10));
    let mut log = log.lock().unwrap().clone();
    log.sort();
    assert_eq!(log, vec!["one cleaned up", "two cleaned up"], "both finished before the scope returned");
}

#[tokio::test(start_paused = true)]
async fn nothing_left_attached() {
    // One long-lived parent cancellation signal; each scope waits on it through a receiver of its own.
    let (parent, parent_signal) = watch::channel(false);
    let alive = Arc::new(AtomicUsize::new(0));
    for n in 0..100_000u32 {
        let mut signal = parent_signal.clone();
        let alive2 = Arc::clone(&alive);
        let result = scope(
            async move {
                let _ = signal.changed().await;
            },
            move |spawner: &Spawner<u32, String>| {
                alive2.fetch_add(1, Ordering::SeqCst);
                let alive3 = Arc::clone(&alive2);
                spawner.spawn(async move {
                    alive3.fetch_sub(1, Ordering::SeqCst);
                    Ok(n)
                });
            },
        )
        .await;
        assert_eq!(result, Ok(vec![n]));
    }
    assert_eq!(parent.receiver_count(), 1, "only our own receiver: no scope left one attached");
    assert_eq!(alive.load(Ordering::SeqCst), 0, "no task of theirs remains");
    // Retained memory is not measured here: the scope owns no allocation after it returns (the JoinSet, the
    // channel and the cancel future are all dropped), which the receiver count above checks for the signal.
}
