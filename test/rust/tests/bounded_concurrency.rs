// Contract scenarios for templates/rust/bounded-concurrency.rs (templates/contracts/bounded-concurrency.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/bounded-concurrency.rs"]
mod template;

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use template::map_bounded;
use tokio::time::{sleep, Instant};

const MS: fn(u64) -> Duration = Duration::from_millis;

fn limit(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
    cancelled: AtomicUsize,
    started: AtomicUsize,
}

/// One operation: counts itself in while it runs, and counts a cancellation if it is dropped before finishing.
struct Running<'a>(&'a Gauge, bool);

impl<'a> Running<'a> {
    fn enter(gauge: &'a Gauge) -> Running<'a> {
        gauge.started.fetch_add(1, Ordering::SeqCst);
        let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
        gauge.peak.fetch_max(now, Ordering::SeqCst);
        Running(gauge, false)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
        if !self.1 {
            self.0.cancelled.fetch_add(1, Ordering::SeqCst);
        }
    }
}

async fn operate(gauge: &Gauge, item: u64, after: Duration, fail: bool) -> Result<u64, String> {
    let mut running = Running::enter(gauge);
    sleep(after).await;
    running.1 = true;
    if fail {
        Err(format!("item {item} failed"))
    } else {
        Ok(item * 2)
    }
}

/// An endless input that counts what was pulled and notices being dropped (a generator's finally).
struct Source {
    pulled: AtomicUsize,
    closed: AtomicBool,
}

struct Closes<'a>(&'a Source);

impl Drop for Closes<'_> {
    fn drop(&mut self) {
        self.0.closed.store(true, Ordering::SeqCst);
    }
}

fn endless(source: &Source) -> impl futures::Stream<Item = u64> + '_ {
    let closes = Closes(source);
    stream::iter(0u64..).map(move |n| {
        let _keep = &closes;
        source.pulled.fetch_add(1, Ordering::SeqCst);
        n
    })
}

#[tokio::test(start_paused = true)]
async fn never_exceeds_limit() {
    let gauge = Gauge::default();
    let result = map_bounded(stream::iter(0..200u64), limit(7), |n| operate(&gauge, n, MS(1 + n % 5), false)).await;
    assert_eq!(result.unwrap().len(), 200);
    assert_eq!(gauge.peak.load(Ordering::SeqCst), 7, "the peak is exactly the limit");
}

#[tokio::test(start_paused = true)]
async fn results_in_input_order() {
    let gauge = Gauge::default();
    let result = map_bounded(stream::iter(0..10u64), limit(10), |n| operate(&gauge, n, MS(100 - n * 10), false)).await;
    assert_eq!(result, Ok((0..10).map(|n| n * 2).collect::<Vec<_>>()), "finished in reverse, returned in order");
}

#[tokio::test(start_paused = true)]
async fn lazy_input() {
    let gauge = Gauge::default();
    let source = Source { pulled: AtomicUsize::new(0), closed: AtomicBool::new(false) };
    let result = map_bounded(endless(&source), limit(4), |n| operate(&gauge, n, MS(1 + n % 3), n == 30)).await;
    assert_eq!(result, Err("item 30 failed".to_string()));
    let pulled = source.pulled.load(Ordering::SeqCst);
    assert!(pulled < 30 + 4 * 3, "pulled {pulled} of an endless input");
}

#[tokio::test(start_paused = true)]
async fn failure_stops_and_cancels() {
    let gauge = Gauge::default();
    let started = Instant::now();
    let delays = [MS(10_000), MS(10_000), MS(5), MS(1), MS(1)];
    let result = map_bounded(stream::iter(0..5u64), limit(3), |n| operate(&gauge, n, delays[n as usize], n == 2)).await;
    assert_eq!(result, Err("item 2 failed".to_string()));
    assert_eq!(started.elapsed(), MS(5), "raised without waiting for the 10 s items");
    assert_eq!(gauge.cancelled.load(Ordering::SeqCst), 2, "items 0 and 1 saw the cancellation");
    assert_eq!(gauge.now.load(Ordering::SeqCst), 0, "their cleanup ran before the failure was raised");
    assert_eq!(gauge.started.load(Ordering::SeqCst), 3, "no later item started");
}

#[tokio::test(start_paused = true)]
async fn input_closed_on_early_exit() {
    let gauge = Gauge::default();
    let source = Source { pulled: AtomicUsize::new(0), closed: AtomicBool::new(false) };
    let failed = map_bounded(endless(&source), limit(2), |n| operate(&gauge, n, MS(1), n == 3)).await;
    assert!(failed.is_err());
    assert!(source.closed.load(Ordering::SeqCst), "closed after a failure");
    let source = Source { pulled: AtomicUsize::new(0), closed: AtomicBool::new(false) };
    let cancelled = tokio::time::timeout(MS(10), map_bounded(endless(&source), limit(2), |n| operate(&gauge, n, MS(100), false))).await;
    assert!(cancelled.is_err());
    assert!(source.closed.load(Ordering::SeqCst), "closed after the caller's cancellation");
}

#[tokio::test(start_paused = true)]
async fn async_input() {
    let gauge = Gauge::default();
    let seen: Arc<std::sync::Mutex<Vec<u64>>> = Arc::default();
    let input = stream::unfold(0u64, |n| async move {
        if n == 50 {
            return None;
        }
        sleep(MS(1)).await; // an async source: each item arrives later
        Some((n, n + 1))
    });
    let result = map_bounded(input, limit(5), |n| {
        seen.lock().unwrap().push(n);
        operate(&gauge, n, MS(3), false)
    })
    .await;
    assert_eq!(result, Ok((0..50).map(|n| n * 2).collect::<Vec<_>>()));
    let mut seen = seen.lock().unwrap().clone();
    seen.sort_unstable();
    assert_eq!(seen, (0..50).collect::<Vec<_>>(), "every item once");
    // And it is closed after a failure.
    let source = Source { pulled: AtomicUsize::new(0), closed: AtomicBool::new(false) };
    let closes = Closes(&source);
    let input = stream::unfold(0u64, move |n| {
        let _keep = &closes;
        async move {
            sleep(MS(1)).await;
            Some((n, n + 1))
        }
    });
    let failed = map_bounded(input, limit(5), |n| operate(&gauge, n, MS(3), n == 7)).await;
    assert_eq!(failed, Err("item 7 failed".to_string()));
    assert!(source.closed.load(Ordering::SeqCst));
}

#[tokio::test(start_paused = true)]
async fn caller_cancel_stops_all() {
    let gauge = Gauge::default();
    let started = Instant::now();
    let outcome = tokio::time::timeout(MS(10), map_bounded(stream::iter(0..3u64), limit(3), |n| operate(&gauge, n, MS(10_000), false))).await;
    assert!(outcome.is_err(), "the call ends with the caller's cancellation (its timeout)");
    assert_eq!(started.elapsed(), MS(10));
    assert_eq!(gauge.cancelled.load(Ordering::SeqCst), 3, "all three saw the cancellation");
    assert_eq!(gauge.now.load(Ordering::SeqCst), 0, "and finished");
}
