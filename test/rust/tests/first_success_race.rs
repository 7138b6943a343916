// Contract scenarios for templates/rust/first-success-race.rs (templates/contracts/first-success-race.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/first-success-race.rs"]
mod template;

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use template::{first_success, hedged};
use tokio::sync::oneshot;
use tokio::time::{sleep, Instant};

const MS: fn(u64) -> Duration = Duration::from_millis;
type Log = Arc<Mutex<Vec<String>>>;

struct Cancelled(&'static str, Log, bool);

impl Drop for Cancelled {
    fn drop(&mut self) {
        if !self.2 {
            self.1.lock().unwrap().push(format!("{} cancelled", self.0));
        }
    }
}

/// An attempt that answers `outcome` after `after`, logging when it starts and when it is dropped unfinished.
fn attempt(log: &Log, name: &'static str, after: Duration, outcome: Result<&'static str, &'static str>) -> impl std::future::Future<Output = Result<&'static str, &'static str>> {
    let log = Arc::clone(log);
    async move {
        log.lock().unwrap().push(format!("{name} started at {:?}", Instant::now()));
        let mut guard = Cancelled(name, Arc::clone(&log), false);
        sleep(after).await;
        guard.2 = true;
        outcome
    }
}

fn logged(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

#[tokio::test(start_paused = true)]
async fn first_success_wins() {
    let log = Log::default();
    let started = Instant::now();
    let result = first_success(vec![
        attempt(&log, "a", MS(0), Err("a failed")),
        attempt(&log, "b", MS(20), Ok("b")),
        attempt(&log, "c", Duration::from_secs(10), Ok("c")),
    ])
    .await;
    assert_eq!(result, Ok("b"));
    assert_eq!(started.elapsed(), MS(20));
}

#[tokio::test(start_paused = true)]
async fn losers_cancelled() {
    let log = Log::default();
    let result = first_success(vec![attempt(&log, "fast", MS(20), Ok("fast")), attempt(&log, "slow", Duration::from_secs(10), Ok("slow"))]).await;
    assert_eq!(result, Ok("fast"));
    assert!(logged(&log).contains(&"slow cancelled".to_string()), "{:?}", logged(&log));
    assert!(!logged(&log).contains(&"fast cancelled".to_string()), "the winner is left untouched");
}

#[tokio::test(start_paused = true)]
async fn all_failures_reported() {
    let log = Log::default();
    let started = Instant::now();
    let result = first_success(vec![attempt(&log, "a", MS(0), Err("a failed")), attempt(&log, "b", MS(10), Err("b failed"))]).await;
    assert_eq!(result, Err(vec!["a failed", "b failed"]), "every failure, in the order they happened");
    assert_eq!(started.elapsed(), MS(10));
    let hedged_result = hedged(NonZeroUsize::new(2).unwrap(), MS(5), |n| attempt(&log, ["h0", "h1"][n], MS(1), Err(["h0 failed", "h1 failed"][n]))).await;
    assert_eq!(hedged_result, Err(vec!["h0 failed", "h1 failed"]));
}

#[tokio::test(start_paused = true)]
async fn caller_cancel_cancels_all() {
    let log = Log::default();
    let (cancel, cancelled) = oneshot::channel::<()>();
    tokio::spawn(async move {
        sleep(MS(5)).await;
        let _ = cancel.send(());
    });
    // The caller's cancellation in Rust: it stops polling the race (select!, drop), which drops every attempt.
    let outcome = tokio::select! {
        _ = cancelled => Err("the caller cancelled"),
        result = first_success(vec![attempt(&log, "one", Duration::from_secs(10), Ok("one")), attempt(&log, "two", Duration::from_secs(10), Ok("two"))]) => result.map_err(|_| "all failed"),
    };
    assert_eq!(outcome, Err("the caller cancelled"));
    let log = logged(&log);
    assert!(log.contains(&"one cancelled".to_string()) && log.contains(&"two cancelled".to_string()), "{log:?}");
}

#[tokio::test(start_paused = true)]
async fn hedge_after_delay() {
    let two = NonZeroUsize::new(2).unwrap();
    // Primary hangs: the backup starts at 20 ms and wins.
    let log = Log::default();
    let t0 = Instant::now();
    let result = hedged(two, MS(20), |n| attempt(&log, ["primary", "backup"][n], if n == 0 { Duration::from_secs(3600) } else { MS(1) }, Ok(["primary", "backup"][n]))).await;
    assert_eq!(result, Ok("backup"));
    assert!(logged(&log).contains(&format!("backup started at {:?}", t0 + MS(20))), "{:?}", logged(&log));
    // Primary succeeds at 5 ms: the backup never starts.
    let log = Log::default();
    let result = hedged(two, MS(20), |n| attempt(&log, ["primary", "backup"][n], MS(5), Ok(["primary", "backup"][n]))).await;
    assert_eq!(result, Ok("primary"));
    assert!(!logged(&log).iter().any(|l| l.starts_with("backup")), "{:?}", logged(&log));
    // Primary fails at 1 ms: the backup starts at 1 ms.
    let log = Log::default();
    let t0 = Instant::now();
    let result = hedged(two, MS(20), |n| attempt(&log, ["primary", "backup"][n], MS(1), if n == 0 { Err("primary failed") } else { Ok("backup") })).await;
    assert_eq!(result, Ok("backup"));
    assert!(logged(&log).contains(&format!("backup started at {:?}", t0 + MS(1))), "{:?}", logged(&log));
}

#[tokio::test(start_paused = true)]
async fn nothing_left_pending() {
    let log = Log::default();
    let t0 = Instant::now();
    let result = hedged(NonZeroUsize::new(3).unwrap(), MS(20), |n| attempt(&log, ["a", "b", "c"][n], MS(5), Ok("a"))).await;
    assert_eq!(result, Ok("a"));
    // The hedge timer lived inside the hedged() future, which has completed and been dropped. Had it stayed
    // scheduled, the paused clock would stop at 20 ms; it jumps straight to our own one-hour timer instead.
    sleep(Duration::from_secs(3600)).await;
    assert_eq!(t0.elapsed(), MS(5) + Duration::from_secs(3600));
    assert_eq!(logged(&log).len(), 1, "no backup was started by a leftover timer");
}

#[tokio::test(start_paused = true)]
async fn any_accepted_delay_honoured() {
    for delay in [Duration::from_secs(30 * 86_400), Duration::MAX] {
        let log = Log::default();
        let race = hedged(NonZeroUsize::new(2).unwrap(), delay, |n| attempt(&log, ["primary", "backup"][n], Duration::from_secs(3600 * 24 * 365), Ok("x")));
        let outcome = tokio::time::timeout(Duration::from_secs(1), race).await;
        assert!(outcome.is_err(), "still racing after 1 s");
        assert_eq!(logged(&log).iter().filter(|l| l.starts_with("backup")).count(), 0, "no backup after one second of a {delay:?} hedge delay");
    }
    // A primary that fails immediately triggers the reset path with the huge delay: no panic adding it to the clock.
    let log = Log::default();
    let result = hedged(NonZeroUsize::new(3).unwrap(), Duration::MAX, |n| attempt(&log, ["p", "b1", "b2"][n], MS(1), if n == 0 { Err("p failed") } else { Ok("b") })).await;
    assert_eq!(result, Ok("b"));
}
