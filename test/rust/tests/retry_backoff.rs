// Contract scenarios for templates/rust/retry-backoff.rs (templates/contracts/retry-backoff.json), one test per item.
#[allow(dead_code)]
#[path = "../../../templates/rust/retry-backoff.rs"]
mod template;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use template::{retry, RetryError, RetryPolicy};
use tokio::sync::watch;
use tokio::time::Instant;

/// An error that carries the attempt that produced it, so "the same error" can be told from a lookalike.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    Transient(u32),
    Permanent(u32),
}

fn transient(error: &Failure) -> bool {
    matches!(error, Failure::Transient(_))
}

fn never_cancelled() -> watch::Receiver<bool> {
    let (sender, receiver) = watch::channel(false);
    std::mem::forget(sender); // keeps the channel open: nobody will ever cancel
    receiver
}

#[tokio::test(start_paused = true)]
async fn classifier_decides() {
    let policy = RetryPolicy::new(5, Duration::from_millis(10), Duration::from_secs(1)).unwrap();
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let result: Result<(), _> = retry(policy, never_cancelled(), transient, move |attempt| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Err(Failure::Permanent(attempt)) }
    })
    .await;
    assert_eq!(result, Err(RetryError::Permanent { attempts: 1, error: Failure::Permanent(1) }));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Cancellation is never retried: it ends the loop (see cancel_stops_at_once).
}

#[tokio::test(start_paused = true)]
async fn attempts_bounded() {
    let policy = RetryPolicy::new(4, Duration::from_millis(10), Duration::from_secs(1)).unwrap();
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let result: Result<(), _> = retry(policy, never_cancelled(), transient, move |attempt| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Err(Failure::Transient(attempt)) }
    })
    .await;
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(result, Err(RetryError::Exhausted { attempts: 4, last: Failure::Transient(4) }), "the 4th error itself");
}

#[tokio::test(start_paused = true)]
async fn delay_capped_jittered() {
    let policy = RetryPolicy::new(10, Duration::from_millis(100), Duration::from_millis(1_000)).unwrap();
    let caps: Vec<u128> = (1..=6).map(|n| policy.delay_at(n, 1.0).as_millis()).collect();
    assert_eq!(caps, vec![100, 200, 400, 800, 1_000, 1_000], "doubling, then capped at the maximum");
    for n in 1..=6 {
        assert_eq!(policy.delay_at(n, 0.0), Duration::ZERO, "full jitter reaches 0 at attempt {n}");
        assert!(policy.delay(n) <= policy.ceiling(n));
    }
    // The waits the retry loop really takes lie within [0, cap] on the paused clock.
    let started = Instant::now();
    let result: Result<(), _> = retry(policy, never_cancelled(), transient, |attempt| async move {
        Err(Failure::Transient(attempt))
    })
    .await;
    assert!(result.is_err());
    let waited = started.elapsed();
    let most: Duration = (1..10).map(|n| policy.ceiling(n)).sum();
    assert!(waited <= most, "{waited:?} > {most:?}");
}

#[tokio::test(start_paused = true)]
async fn late_attempts_stay_finite() {
    let policy = RetryPolicy::new(1_100, Duration::from_millis(1), Duration::from_millis(50)).unwrap();
    for n in [1_025, 10_000, u32::MAX] {
        assert_eq!(policy.ceiling(n), Duration::from_millis(50));
        assert!(policy.delay(n) <= Duration::from_millis(50));
    }
    let result: Result<(), _> = retry(policy, never_cancelled(), transient, |attempt| async move {
        Err(Failure::Transient(attempt))
    })
    .await;
    assert_eq!(result, Err(RetryError::Exhausted { attempts: 1_100, last: Failure::Transient(1_100) }));
}

#[tokio::test(start_paused = true)]
async fn cancel_stops_at_once() {
    let policy = RetryPolicy::new(5, Duration::from_secs(10), Duration::from_secs(10)).unwrap();
    let (cancel, cancelled) = watch::channel(false);
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let retrying = tokio::spawn(retry(policy, cancelled, transient, move |attempt| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Err::<(), _>(Failure::Transient(attempt)) }
    }));
    while calls.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    tokio::task::yield_now().await; // now in the first backoff wait
    let at = Instant::now();
    cancel.send_replace(true);
    let result = retrying.await.unwrap();
    assert_eq!(result, Err(RetryError::Cancelled { attempts: 1 }));
    assert_eq!(Instant::now(), at, "the cancellation arrived without the clock advancing");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The backoff's Sleep lived inside the select! that returned: it was dropped, which deregisters its timer.
}

#[tokio::test(start_paused = true)]
async fn any_accepted_delay_honoured() {
    // Duration has no NaN or negative values; every Duration is accepted, Duration::MAX included.
    for max_delay in [Duration::from_secs(30 * 86_400), Duration::MAX] {
        let policy = RetryPolicy::new(3, max_delay, max_delay).unwrap().with_random(|| 0.5);
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let retrying = tokio::spawn(retry(policy, never_cancelled(), transient, move |attempt| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { Err::<(), _>(Failure::Transient(attempt)) }
        }));
        // Our own one-second sleep is the earliest timer, so the paused clock stops there.
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(calls.load(Ordering::SeqCst), 1, "no second attempt after 1 s of a {max_delay:?} backoff");
        assert!(!retrying.is_finished());
        retrying.abort();
    }
    assert_eq!(
        RetryPolicy::new(3, Duration::MAX, Duration::MAX).unwrap().delay_at(1, 1.0),
        Duration::MAX,
        "the largest wait is computed without overflow"
    );
}
